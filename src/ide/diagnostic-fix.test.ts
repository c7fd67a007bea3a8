import { describe, expect, it } from 'vitest';
import { notices } from './app-state';
import { applyFix, fixLabel } from './diagnostic-fix';
import type { NpmService } from './services/npm-service';

function target(packageJson: string | undefined, fail?: string) {
  const calls: string[] = [];
  const files: Record<string, string | undefined> = { 'package.json': packageJson };
  const npm = {
    install: () => void calls.push('install'),
    addDependency: async (name: string, opts: { range?: string } = {}) => {
      calls.push(`add ${name} ${opts.range ?? 'latest'}`);
      if (fail) throw new Error(fail);
      files['package.json'] = JSON.stringify({ dependencies: { [name]: opts.range ?? '^1.2.3' } });
    },
  } as unknown as NpmService;
  return { session: { npm, workspace: { readText: (p: string) => files[p] } }, calls };
}

const fix = { kind: 'add-dependency', packageName: 'react' } as const;

describe('applyFix', () => {
  it('labels the fix', () => {
    expect(fixLabel(fix)).toBe("Add 'react' to dependencies (latest version)");
  });

  it('adds an undeclared package at the latest version and says so', async () => {
    const { session, calls } = target('{}');
    expect(await applyFix(session, fix)).toBe(true);
    expect(calls).toEqual(['add react latest']);
    expect(notices.value.at(-1)?.message).toBe('Added react ^1.2.3 to dependencies; installing.');
  });

  it('moves a dev dependency with its range, and only installs when already declared', async () => {
    const dev = target('{ "devDependencies": { "react": "~18.2.0" } }');
    await applyFix(dev.session, fix);
    expect(dev.calls).toEqual(['add react ~18.2.0']);
    const declared = target('{ "dependencies": { "react": "^18.3.1" } }');
    await applyFix(declared.session, fix);
    expect(declared.calls).toEqual(['install']);
  });

  it('reports failures in a notice instead of throwing', async () => {
    const { session } = target(undefined, 'Package "react" was not found in the registry.');
    expect(await applyFix(session, fix)).toBe(false);
    expect(notices.value.at(-1)).toMatchObject({
      kind: 'error',
      message: 'Could not add react: Package "react" was not found in the registry.',
    });
    const broken = target('{ "dependencies": ');
    expect(await applyFix(broken.session, fix)).toBe(false);
    expect(notices.value.at(-1)?.message).toMatch(/package.json is not valid JSON/);
    expect(broken.calls).toEqual([]);
  });
});
