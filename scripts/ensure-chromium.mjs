// Finds the Chromium the end-to-end tests and benchmarks drive. Playwright
// cannot download browsers here, so we use Debian's `chromium`, installing it
// with apt-get when we are root and it is missing.
import { existsSync } from 'node:fs';
import { ensureDebianBinary } from './apt-install.mjs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

export function findChromium() {
  return CANDIDATES.find((p) => existsSync(p));
}

export function ensureChromium() {
  return ensureDebianBinary({
    candidates: CANDIDATES,
    pkg: 'chromium',
    purpose: 'needed by the end-to-end tests',
    hint: 'CHROMIUM_PATH',
  });
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
