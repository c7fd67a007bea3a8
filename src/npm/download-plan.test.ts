import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../shared/npm';
import { planDownloads } from './download-plan';

const lock: Lockfile = {
  name: 'app',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': {
      name: 'app',
      dependencies: { 'react-dom': '^18.3.1', react: '^18.3.1' },
      devDependencies: {
        '@types/react': '^18',
        vite: '^5',
        typescript: '^5',
        'lodash-es': '^4',
      },
    },
    'node_modules/react': { version: '18.3.1', dependencies: { 'loose-envify': '^1.1.0' } },
    'node_modules/react-dom': {
      version: '18.3.1',
      dependencies: { 'loose-envify': '^1.1.0', scheduler: '^0.23.2' },
      peerDependencies: { react: '^18.3.1', 'opt-peer': '*' },
      peerDependenciesMeta: { 'opt-peer': { optional: true } },
    },
    'node_modules/opt-peer': { version: '1.0.0', dev: true },
    'node_modules/loose-envify': { version: '1.4.0', dependencies: { 'js-tokens': '^4.0.0' } },
    'node_modules/js-tokens': { version: '4.0.0' },
    'node_modules/scheduler': { version: '0.23.2', dependencies: { 'loose-envify': '^1.1.0' } },
    'node_modules/@types/react': { version: '18.3.27', dev: true, dependencies: { csstype: '^3.0.2' } },
    'node_modules/csstype': { version: '3.1.3', dev: true },
    'node_modules/typescript': { version: '5.9.3', dev: true },
    'node_modules/lodash-es': { version: '4.17.21', dev: true },
    'node_modules/vite': {
      version: '5.4.0',
      dev: true,
      dependencies: { esbuild: '^0.21.3', rollup: '^4' },
      optionalDependencies: { fsevents: '~2.3.3' },
    },
    'node_modules/esbuild': {
      version: '0.21.5',
      dev: true,
      optionalDependencies: { '@esbuild/linux-x64': '0.21.5' },
    },
    'node_modules/@esbuild/linux-x64': { version: '0.21.5', dev: true, optional: true, os: ['linux'], cpu: ['x64'] },
    'node_modules/fsevents': { version: '2.3.3', dev: true, optional: true, os: ['darwin'] },
    'node_modules/rollup': { version: '4.0.0', dev: true },
    'node_modules/vite/node_modules/rollup': { version: '4.1.0', dev: true },
  },
};

describe('planDownloads', () => {
  it('takes the runtime closure and @types, not build tooling', () => {
    expect(planDownloads(lock, { imported: [] })).toEqual([
      'node_modules/@types/react',
      'node_modules/csstype',
      'node_modules/js-tokens',
      'node_modules/loose-envify',
      'node_modules/react',
      'node_modules/react-dom',
      'node_modules/scheduler',
    ]);
  });

  it('adds what project code imports, even a devDependency, with its closure', () => {
    const plan = planDownloads(lock, { imported: new Set(['lodash-es/debounce', 'vite', 'not-installed']) });
    expect(plan).toContain('node_modules/lodash-es');
    expect(plan).toContain('node_modules/vite');
    expect(plan).toContain('node_modules/vite/node_modules/rollup');
    expect(plan).toContain('node_modules/esbuild');
    // Platform binaries never run in a browser.
    expect(plan).not.toContain('node_modules/@esbuild/linux-x64');
    expect(plan).not.toContain('node_modules/fsevents');
    // vite resolves its own nested rollup, so the root copy stays undownloaded.
    expect(plan).not.toContain('node_modules/rollup');
    expect(plan).not.toContain('node_modules/typescript');
  });

  it('is deterministic whatever the order of imports', () => {
    const a = planDownloads(lock, { imported: ['vite', 'lodash-es'] });
    const b = planDownloads(lock, { imported: ['lodash-es', 'vite'] });
    expect(a).toEqual(b);
  });
});
