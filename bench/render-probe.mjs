// When a page showed what a scenario waits for, by the page's own clock. An init
// script records (wall-clock ms) the first moment each watched element is in the
// document; the bench reads it after Playwright saw the element. Polling from
// Playwright adds its own delay, and more for a frame in another process (Cove's
// preview) than for a top-level page (Vite's), so both sides are timed this way.

/** Runs in every document of a bench browser. */
export function renderProbe() {
  const watched = {
    counter: () => document.querySelector('#counter')?.textContent?.includes('count is'),
    done: () => document.querySelector('#done'),
    reactCounter: () => [...document.querySelectorAll('button')].some((b) => /^count is/.test(b.textContent ?? '')),
  };
  const seen = {};
  Object.defineProperty(window, '__benchSeen', { value: seen });
  const check = () => {
    for (const [key, present] of Object.entries(watched))
      if (!(key in seen) && present()) seen[key] = performance.timeOrigin + performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

/** The wall-clock time `frame`'s page recorded for `key` (call once Playwright has seen the element). */
export async function seenAt(frame, key) {
  const handle = await frame.waitForFunction((k) => window.__benchSeen?.[k], key, { timeout: 10_000 });
  return handle.jsonValue();
}

/** The preview frame of Cove's IDE page (its own origin `p-<id>.…`). */
export const coveFrame = (page) => page.frames().find((f) => /\/\/p-[a-z0-9]+\./.test(f.url()));
