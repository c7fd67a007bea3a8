/**
 * The bundler Worker (owned by the IDE page): keeps a replica Y.Doc per open project, answers
 * the preview service worker's requests over transferred MessagePorts, and reports status,
 * diagnostics and invalidations to the IDE. Message plumbing only; the work is elsewhere.
 */
/// <reference lib="webworker" />
import * as esbuild from 'esbuild-wasm';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import compileSeedURL from 'virtual:cove-compile-seed';
import previewRuntime from 'virtual:cove-preview-runtime';
import * as Y from 'yjs';
import { createBlobStore } from '../fs/blob-store';
import { Workspace } from '../fs/workspace';
import type { FromBundler, PortMessage, PreviewResponse, ToBundler } from '../shared/protocol';
import { CompileCache, idbCompileStore } from './compile-cache';
import { idbSnapshotStore } from './compiled-snapshot';
import { fetchCompileSeed } from './compile-seed';
import { EsbuildService, type EsbuildStatus } from './esbuild-service';
import { idbPreloadStore } from './preload-store';
import { ProjectServer } from './project-server';
import { Installer } from '../npm/installer';
import { idbPackageStore } from '../npm/package-store';
import { createRegistryClient } from '../npm/registry-client';
import { DepsServer } from './deps/deps-server';
import { NpmBridge } from './npm-bridge';
import { bundlePage, withBinaries } from './page-bundle';
import { createStore, get, set } from 'idb-keyval';
import { indexedDbWorks, installMemoryIndexedDb } from '../fs/indexeddb-fallback';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Where the browser denies storage (the IDE embedded in another site), the stores below (opened lazily)
 * use an in-memory IndexedDB instead; messages wait for this check so no store opens before it.
 */
const storageReady: Promise<void> = indexedDbWorks().then(
  (works) => (works ? undefined : installMemoryIndexedDb()),
  () => installMemoryIndexedDb(),
);

/** Pending-count updates are coalesced to this rate; state changes go out at once. */
const STATUS_INTERVAL_MS = 100;

function post(message: FromBundler): void {
  self.postMessage(message);
}

// ------------------------------------------------------------------ status

let lastPosted: EsbuildStatus | undefined;
let statusTimer: ReturnType<typeof setTimeout> | undefined;

function postStatus(status: EsbuildStatus): void {
  const { state, detail, pending, timings } = status;
  post({ type: 'status', state, pending, ...(detail ? { detail } : {}), ...(timings ? { timings } : {}) });
  lastPosted = status;
}

function onStatus(status: EsbuildStatus): void {
  if (!lastPosted || lastPosted.state !== status.state) {
    clearTimeout(statusTimer);
    statusTimer = undefined;
    postStatus(status);
  } else if (statusTimer === undefined && lastPosted.pending !== status.pending) {
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      postStatus(service.current);
    }, STATUS_INTERVAL_MS);
  }
}

// The seed's fetch starts first: a template's modules need it, not esbuild (which starts alongside).
const seed = fetchCompileSeed(compileSeedURL);
const service = new EsbuildService(esbuild, { wasmURL }, onStatus);
const cache = new CompileCache(idbCompileStore(), undefined, seed);
const preloads = idbPreloadStore();
const snapshots = idbSnapshotStore();
const blobs = createBlobStore();
const packageStore = idbPackageStore();
const depsStore = createStore('cove-deps-cache', 'bundles');
const depsCache = {
  get: (key: string) => get(key, depsStore),
  set: (key: string, value: unknown) => set(key, value, depsStore),
};
/** The app's registry setting (the IDE sends it); a project's .npmrc still wins. */
let registrySetting = '';
const BUILD_DEFAULT_REGISTRY = (import.meta.env.VITE_COVE_NPM_REGISTRY as string | undefined) ?? '';

// ------------------------------------------------------------------ projects

interface OpenProject {
  doc: Y.Doc;
  workspace: Workspace;
  server: ProjectServer;
  installer: Installer;
  packages: NpmBridge;
  /**
   * Set once the IDE asked for a bundled page (no service worker): the files of its last diagnostics,
   * and the project files the last page was built from (undefined: rebuild on any change).
   */
  bundled?: {
    diagnosticFiles: string[];
    inputs: Set<string> | undefined;
    usesPackages: boolean;
    unsubscribe: () => void;
    /**
     * Changes that arrived while a page was being built, judged against that build's own inputs
     * when it ends: before, the first build counted as depending on everything, so a write or the
     * installer's first report during it rebuilt a page that did not use them, just after it showed.
     */
    building?: { paths: Set<string>; packages: boolean };
  };
}

const projects = new Map<string, OpenProject>();

function openProject(projectId: string, state: Uint8Array): void {
  closeProject(projectId);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const workspace = new Workspace(doc, blobs);
  const deps = new DepsServer({ esbuild: service.ready, cache: depsCache });
  // The installer reports to the server, which needs the installer: tie the knot through a box.
  const box: { server?: ProjectServer } = {};
  const installer = new Installer({
    files: workspace,
    store: packageStore,
    createRegistry: (config) => createRegistryClient({ config }),
    registrySettings: () => ({ appSetting: registrySetting, buildDefault: BUILD_DEFAULT_REGISTRY }),
    onStatus: (status) => post({ type: 'npm-status', projectId, status }),
    onLockfile: (text) => post({ type: 'npm-lockfile', projectId, text }),
    onTypes: (files) => post({ type: 'npm-types', projectId, files, replace: true }),
    onTree: (paths) => post({ type: 'npm-tree', projectId, paths }),
    onPackages: (tree, runtimeChanged) => {
      deps.setPackages(tree);
      if (runtimeChanged) box.server?.packagesChanged();
      const bundled = projects.get(projectId)?.bundled;
      if (runtimeChanged && bundled?.building) bundled.building.packages = true;
      else if (runtimeChanged && bundled?.usesPackages) {
        post({ type: 'preview-invalidate', projectId, paths: ['package.json'], cssOnly: false });
      }
      // The project's runtime dependencies will be asked for: start bundling them now.
      const root = tree?.lockfile.packages[''];
      if (root) deps.warm([...Object.keys(root.dependencies ?? {}), ...installer.importedNames()]);
    },
  });
  const packages = new NpmBridge(installer, deps, (path) => workspace.readText(path));
  const server = new ProjectServer({
    projectId,
    files: workspace,
    esbuild: service.ready,
    cache,
    post,
    preloads,
    snapshots,
    packages,
  });
  box.server = server;
  projects.set(projectId, { doc, workspace, server, installer, packages });
}

function closeProject(projectId: string): void {
  const open = projects.get(projectId);
  if (!open) return;
  projects.delete(projectId);
  open.bundled?.unsubscribe();
  open.installer.dispose();
  open.server.dispose();
  open.workspace.dispose();
  open.doc.destroy();
}

function connectPreview(projectId: string, port: MessagePort): void {
  port.onmessage = (event: MessageEvent<PortMessage>) => {
    const msg = event.data;
    if (msg?.type === 'ping') return port.postMessage({ type: 'pong', id: msg.id } satisfies PortMessage);
    if (msg?.type !== 'fetch' || typeof msg.url !== 'string') return;
    const open = projects.get(projectId);
    const reply = (res: PreviewResponse) =>
      port.postMessage(res, typeof res.body === 'string' ? [] : [res.body.buffer as ArrayBuffer]);
    if (!open) {
      const body = `This project is not open in the IDE (${projectId}).\n`;
      reply({
        type: 'response',
        id: msg.id,
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
      });
      return;
    }
    void open.server.handle(msg).then(reply);
  };
  port.start();
}

async function mapStack(id: number, projectId: string, stack: string): Promise<void> {
  const open = projects.get(projectId);
  const mapped = open ? await open.server.mapStack(stack).catch(() => stack) : stack;
  post({ type: 'mapped-stack', id, stack: mapped });
}

/** Files every bundled page reads besides its inputs: `public/`, env files, tsconfig, other pages. */
function bundledPageDependsOn(path: string): boolean {
  return (
    path.startsWith('public/') ||
    path.startsWith('.env') ||
    path.endsWith('.html') ||
    /(^|\/)tsconfig[^/]*\.json$/.test(path)
  );
}

/** The preview without a service worker: the whole page in one HTML document. */
async function bundledPage(
  id: number,
  projectId: string,
  url: string,
  ideOrigin: string,
  binaries: Map<string, Uint8Array>,
): Promise<void> {
  const open = projects.get(projectId);
  if (!open) return post({ type: 'bundled-page', id, error: `Project ${projectId} is not open` });
  if (!open.bundled) {
    // Nothing goes through the project server in this mode, so it sees no loaded files to invalidate:
    // any change of the project's files makes the page stale.
    const unsubscribe = open.workspace.onChange((batch) => {
      const inputs = open.bundled?.inputs;
      const paths = batch.events.flatMap((e) => ('path' in e ? [e.path] : [e.from, e.to]));
      const building = open.bundled?.building;
      if (building) {
        for (const p of paths) building.paths.add(p);
        return;
      }
      // Only the page's own inputs (a build that failed, maybe for a missing file, has none: any change).
      const stale = !inputs || paths.some((p) => inputs.has(p) || bundledPageDependsOn(p));
      if (stale) post({ type: 'preview-invalidate', projectId, paths, cssOnly: false });
    });
    open.bundled = { diagnosticFiles: [], inputs: undefined, usesPackages: true, unsubscribe };
  }
  const started = performance.now();
  const building = { paths: new Set<string>(), packages: false };
  open.bundled.building = building;
  try {
    const result = await bundlePage({
      files: withBinaries(open.workspace, binaries),
      esbuild: await service.ready,
      packages: open.packages,
      runtime: previewRuntime,
      ideOrigin,
      url,
    });
    const state = open.bundled;
    const files = [...new Set([...state.diagnosticFiles, ...result.diagnostics.map((d) => d.file)])];
    state.diagnosticFiles = [...new Set(result.diagnostics.map((d) => d.file))];
    // A failed build may not have seen all its inputs yet: any change may fix it.
    const failed = result.diagnostics.some((d) => d.severity === 'error');
    state.inputs = failed ? undefined : new Set(result.inputs);
    state.usesPackages = failed || result.usesPackages;
    if (files.length) post({ type: 'diagnostics', projectId, files, diagnostics: result.diagnostics });
    post({ type: 'bundled-page', id, html: result.html, ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'bundled-page', id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    const state = open.bundled;
    if (state.building === building) state.building = undefined;
    // What changed during the build, against what it turned out to read (all of it, if it failed).
    const changed = [...building.paths];
    const inputs = state.inputs;
    if (
      (!inputs && changed.length) ||
      changed.some((p) => inputs?.has(p) || bundledPageDependsOn(p)) ||
      (building.packages && state.usesPackages)
    ) {
      post({
        type: 'preview-invalidate',
        projectId,
        paths: changed.length ? changed : ['package.json'],
        cssOnly: false,
      });
    }
  }
}

// ------------------------------------------------------------------ messages from the IDE page

// A dedicated worker only hears from the page that created it; still, check each message's shape.
async function npmRequest(id: number, work: () => Promise<string>, reply: 'npm-file' | 'npm-latest-result') {
  try {
    const value = await work();
    post(reply === 'npm-file' ? { type: reply, id, text: value } : { type: reply, id, version: value });
  } catch (error) {
    post({ type: reply, id, error: error instanceof Error ? error.message : String(error) });
  }
}

function installerOf(projectId: string): Installer {
  const open = projects.get(projectId);
  if (!open) throw new Error(`Project ${projectId} is not open`);
  return open.installer;
}

// In order: every message waits for the same promise.
self.onmessage = (event: MessageEvent<ToBundler>) => void storageReady.then(() => onMessage(event));

function onMessage(event: MessageEvent<ToBundler>): void {
  const msg = event.data;
  if (typeof msg !== 'object' || msg === null || typeof msg.projectId !== 'string') return;
  switch (msg.type) {
    case 'npm-settings':
      if (typeof msg.registry === 'string') registrySetting = msg.registry;
      break;
    case 'npm-install':
      projects.get(msg.projectId)?.installer.install();
      break;
    case 'npm-cancel':
      projects.get(msg.projectId)?.installer.cancel();
      break;
    case 'npm-read':
      if (typeof msg.path === 'string') {
        void npmRequest(msg.id, () => installerOf(msg.projectId).readFile(msg.path), 'npm-file');
      }
      break;
    case 'npm-latest':
      if (typeof msg.name === 'string') {
        void npmRequest(msg.id, () => installerOf(msg.projectId).latestVersion(msg.name), 'npm-latest-result');
      }
      break;
    case 'open-project':
      if (msg.state instanceof Uint8Array) openProject(msg.projectId, msg.state);
      break;
    case 'doc-update': {
      const open = projects.get(msg.projectId);
      if (open && msg.update instanceof Uint8Array) Y.applyUpdate(open.doc, msg.update, 'ide');
      break;
    }
    case 'close-project':
      closeProject(msg.projectId);
      break;
    case 'connect-preview':
      if (msg.port instanceof MessagePort) connectPreview(msg.projectId, msg.port);
      break;
    case 'map-stack':
      if (typeof msg.stack === 'string') void mapStack(msg.id, msg.projectId, msg.stack);
      break;
    case 'bundle-page': {
      if (typeof msg.url === 'string' && typeof msg.ideOrigin === 'string') {
        const binaries = new Map<string, Uint8Array>();
        for (const b of Array.isArray(msg.binaries) ? msg.binaries : []) {
          if (typeof b?.path === 'string' && b.bytes instanceof Uint8Array) binaries.set(b.path, b.bytes);
        }
        void bundledPage(msg.id, msg.projectId, msg.url, msg.ideOrigin, binaries);
      }
      break;
    }
  }
}

postStatus(service.current);
