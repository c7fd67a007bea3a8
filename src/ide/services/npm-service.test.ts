import { describe, expect, it } from 'vitest';
import type { InstallStatus } from '../../shared/npm';
import { NpmService, type NpmBundler, type NpmWorkspace } from './npm-service';

type Listener<A extends unknown[]> = (...args: A) => void;

function fakeBundler(latest: Record<string, string> = {}) {
  const status = new Set<Listener<[string, InstallStatus]>>();
  const lockfile = new Set<Listener<[string, string]>>();
  const tree = new Set<Listener<[string, string[]]>>();
  const sent: string[] = [];
  const bundler: NpmBundler = {
    onNpmStatus: (cb) => (status.add(cb), () => status.delete(cb)),
    onNpmLockfile: (cb) => (lockfile.add(cb), () => lockfile.delete(cb)),
    onNpmTree: (cb) => (tree.add(cb), () => tree.delete(cb)),
    npmInstall: (id) => void sent.push(`install ${id}`),
    npmCancel: (id) => void sent.push(`cancel ${id}`),
    npmRead: (_id, path) => Promise.resolve(`text of ${path}`),
    npmLatest: (_id, name) => {
      sent.push(`latest ${name}`);
      return name in latest
        ? Promise.resolve(latest[name])
        : Promise.reject(new Error(`Package "${name}" was not found in the registry.`));
    },
    setRegistry: (url) => void sent.push(`registry ${url}`),
  };
  return { bundler, sent, emit: { status, lockfile, tree } };
}

function fakeWorkspace(files: Record<string, string> = {}) {
  const writes: string[] = [];
  const ws: NpmWorkspace = {
    readText: (p) => files[p],
    writeText: (p, t) => {
      writes.push(p);
      files[p] = t;
    },
    kindOf: (p) => (p in files ? 'text' : undefined),
  };
  return { ws, files, writes };
}

const PKG =
  '{\n  "name": "app",\n  "dependencies": {\n    "react": "^17.0.2"\n  },\n  "devDependencies": {\n    "vite": "~8.0.0"\n  }\n}\n';

describe('NpmService', () => {
  it('mirrors status and tree of its own project only', () => {
    const { bundler, emit } = fakeBundler();
    const npm = new NpmService(bundler, 'p1', fakeWorkspace().ws);
    const status = { progress: { phase: 'done' }, dependencies: [], warnings: [] } as unknown as InstallStatus;
    for (const cb of emit.status) cb('other', status);
    expect(npm.status.value).toBeUndefined();
    for (const cb of emit.status) cb('p1', status);
    expect(npm.status.value).toBe(status);
    for (const cb of emit.tree) cb('p1', ['node_modules/react/index.js']);
    expect(npm.nodeModulesFiles.value).toEqual(['node_modules/react/index.js']);
    npm.dispose();
    expect(emit.status.size + emit.tree.size + emit.lockfile.size).toBe(0);
  });

  it('writes the lockfile only when its text differs', () => {
    const { bundler, emit } = fakeBundler();
    const { ws, files, writes } = fakeWorkspace({ 'package.json': PKG });
    new NpmService(bundler, 'p1', ws);
    for (const cb of emit.lockfile) cb('p1', '{"lockfileVersion":3}\n');
    for (const cb of emit.lockfile) cb('p1', '{"lockfileVersion":3}\n');
    for (const cb of emit.lockfile) cb('p2', 'other project');
    expect(writes).toEqual(['package-lock.json']);
    expect(files['package-lock.json']).toBe('{"lockfileVersion":3}\n');
  });

  it('adds at ^latest, keeps formatting, and creates package.json when missing', async () => {
    const { bundler, sent } = fakeBundler({ 'react-dom': '18.3.1', vitest: '4.1.0' });
    const { ws, files } = fakeWorkspace({ 'package.json': PKG });
    const npm = new NpmService(bundler, 'p1', ws);
    await npm.addDependency('react-dom');
    expect(JSON.parse(files['package.json']).dependencies).toEqual({ react: '^17.0.2', 'react-dom': '^18.3.1' });
    await npm.addDependency('vitest', { dev: true });
    expect(JSON.parse(files['package.json']).devDependencies).toEqual({ vite: '~8.0.0', vitest: '^4.1.0' });
    await npm.addDependency('lodash', { range: '4.17.21' });
    expect(sent.filter((s) => s.startsWith('latest'))).toEqual(['latest react-dom', 'latest vitest']);

    const empty = fakeWorkspace();
    await new NpmService(bundler, 'p1', empty.ws).addDependency('react-dom');
    expect(empty.files['package.json']).toBe('{\n  "dependencies": {\n    "react-dom": "^18.3.1"\n  }\n}\n');
  });

  it("rejects bad names before asking, and passes on the registry's message", async () => {
    const { bundler, sent } = fakeBundler();
    const { ws, files } = fakeWorkspace({ 'package.json': PKG });
    const npm = new NpmService(bundler, 'p1', ws);
    await expect(npm.addDependency('React')).rejects.toThrow(/lowercase/);
    await expect(npm.latestVersion('a/../x')).rejects.toThrow(/not allowed/);
    expect(sent).toEqual([]);
    await expect(npm.addDependency('nope-nope')).rejects.toThrow('Package "nope-nope" was not found in the registry.');
    expect(files['package.json']).toBe(PKG);
  });

  it('never overwrites a broken package.json, and says so before asking the registry', async () => {
    const { bundler, sent } = fakeBundler({ react: '18.3.1' });
    const broken = '{\n  "dependencies": {\n    "react": "^17"\n  \n';
    const { ws, files } = fakeWorkspace({ 'package.json': broken });
    const npm = new NpmService(bundler, 'p1', ws);
    await expect(npm.addDependency('react')).rejects.toThrow(/package.json is not valid JSON.*line/);
    await expect(npm.updateDependency('react')).rejects.toThrow(/not valid JSON/);
    expect(() => npm.removeDependency('react')).toThrow(/not valid JSON/);
    expect(files['package.json']).toBe(broken);
    expect(sent).toEqual([]);
  });

  it('updates in whichever section the package is, keeping pins and ~', async () => {
    const { bundler } = fakeBundler({ react: '18.3.1', vite: '8.3.8' });
    const { ws, files } = fakeWorkspace({ 'package.json': PKG });
    const npm = new NpmService(bundler, 'p1', ws);
    await npm.updateDependency('react');
    await npm.updateDependency('vite');
    const json = JSON.parse(files['package.json']);
    expect(json.dependencies).toEqual({ react: '^18.3.1' });
    expect(json.devDependencies).toEqual({ vite: '~8.3.8' });
    await expect(npm.updateDependency('left-pad')).rejects.toThrow('left-pad is not in package.json.');
  });

  it('removes from package.json, and does nothing without one', () => {
    const { bundler } = fakeBundler();
    const { ws, files } = fakeWorkspace({ 'package.json': PKG });
    new NpmService(bundler, 'p1', ws).removeDependency('vite');
    expect(JSON.parse(files['package.json']).devDependencies).toEqual({});
    const empty = fakeWorkspace();
    new NpmService(bundler, 'p1', empty.ws).removeDependency('vite');
    expect(empty.writes).toEqual([]);
  });

  it('reads only node_modules files', async () => {
    const npm = new NpmService(fakeBundler().bundler, 'p1', fakeWorkspace().ws);
    await expect(npm.readFile('node_modules/react/index.js')).resolves.toBe('text of node_modules/react/index.js');
    await expect(npm.readFile('src/main.ts')).rejects.toThrow(/not a file of an installed package/);
    await expect(npm.readFile('node_modules/../src/main.ts')).rejects.toThrow(/not a file of an installed package/);
  });

  it('install and cancel go to the worker for this project', () => {
    const { bundler, sent } = fakeBundler();
    const npm = new NpmService(bundler, 'p1', fakeWorkspace().ws);
    npm.install();
    npm.cancel();
    expect(sent).toEqual(['install p1', 'cancel p1']);
  });
});
