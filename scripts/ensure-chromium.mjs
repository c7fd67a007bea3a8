// Finds the Chromium the end-to-end tests and benchmarks drive. Playwright
// cannot download browsers here, so we use Debian's `chromium`, installing it
// with apt-get when we are root and it is missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

export function findChromium() {
  return CANDIDATES.find((p) => existsSync(p));
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      "Chromium is missing. Install Debian's package (`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  console.log('Installing Debian chromium with apt-get (needed by the end-to-end tests)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  const now = findChromium();
  if (!now) throw new Error('apt-get finished but no chromium binary was found.');
  return now;
}

/** Flags for headless Chromium as root on a machine without network or GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
