/**
 * Templates ship npm's own package-lock.json (without `resolved` URLs, as npm writes with
 * `omit-lockfile-registry-resolved`: no registry is named in the repository), so a new project
 * installs without resolving anything. A lockfile left behind by a package.json edit fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readManifest } from './install-report';
import { lockfileInSync, parseLockfile } from './lockfile';

const root = new URL('../../templates/', import.meta.url);
const templates = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe.each(templates)('template %s', (name) => {
  const read = (file: string) => readFileSync(new URL(`${name}/${file}`, root), 'utf8');

  it('has a lockfile in sync with its package.json, naming no registry', () => {
    const manifest = readManifest(read('package.json'))!;
    const text = read('package-lock.json');
    const lock = parseLockfile(text);
    expect(lock.lockfileVersion).toBe(3);
    expect(lockfileInSync(lock, manifest)).toBe(true);
    expect(text).not.toMatch(/"resolved"/);
  });
});
