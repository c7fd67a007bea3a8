/**
 * Loop protection for the bootstrap page: if the boot page keeps coming back
 * (handshake done, reload, boot page again), stop and explain instead of
 * reloading forever. A page that the service worker served clears the count.
 */
const KEY = 'cove:boot-attempts';
const MAX_ATTEMPTS = 4;
const WINDOW_MS = 30_000;

/** Records a boot attempt in this tab; false when there were too many lately. */
export function recordBootAttempt(now = Date.now()): boolean {
  try {
    const recent = (JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as number[]).filter((t) => now - t < WINDOW_MS);
    recent.push(now);
    sessionStorage.setItem(KEY, JSON.stringify(recent));
    return recent.length <= MAX_ATTEMPTS;
  } catch {
    // Storage blocked: no loop protection, but the preview may still work.
    return true;
  }
}

export function clearBootAttempts(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}
