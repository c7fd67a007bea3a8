// Installs a Debian package the tests need but npm cannot provide (Chromium, Redis), with
// apt-get when we are root and the binary is missing; otherwise explains what to install.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

let updated = false;

/**
 * The first existing path of `candidates`, installing Debian's `pkg` when none exists.
 * `hint` names the environment variable that points at a binary elsewhere.
 */
export function ensureDebianBinary({ candidates, pkg, purpose, hint }) {
  const find = () => candidates.filter(Boolean).find((p) => existsSync(p));
  const found = find();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${pkg} is missing (${purpose}). Install Debian's package (\`sudo apt-get install -y ${pkg}\`)` +
        (hint ? ` or set ${hint} to its binary.` : '.'),
    );
  }
  console.log(`Installing Debian ${pkg} with apt-get (${purpose})…`);
  const update = updated ? '' : 'apt-get update -qq && ';
  execSync(`${update}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { stdio: 'inherit' });
  updated = true;
  const now = find();
  if (!now) throw new Error(`apt-get finished but no ${pkg} binary was found.`);
  return now;
}
