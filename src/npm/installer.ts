/**
 * One project's package manager: watches package.json, package-lock.json and .npmrc, resolves
 * the tree (following the lockfile when it is in sync), downloads what the browser needs into
 * the shared package store, and publishes the installed tree to the pre-bundler. A failed or
 * cancelled install leaves the previous tree in place: the project keeps running with what it had.
 */
import type { ChangeBatch, ProjectFiles } from '../fs/types';
import {
  NpmError,
  packageNameOf,
  type InstallProgress,
  type InstallStatus,
  type Lockfile,
  type NpmErrorInfo,
  type ProjectManifest,
} from '../shared/npm';
import { InstalledTree, splitNodeModulesPath } from './installed-packages';
import { PackageFetcher } from './package-fetcher';
import {
  dependencyList,
  hasDevDependencies,
  readManifest,
  typeFiles,
  treeFiles,
  withoutDevDependencies,
} from './install-report';
import { lockfileInSync, parseLockfile, serializeLockfile } from './lockfile';
import { planDownloads, runtimeSignature } from './download-plan';
import { buildRegistryConfig, type RegistryConfig } from './registry-config';
import { resolveTree } from './resolver';
import type { PackageContents, PackageStore, Registry } from './types';

export const PACKAGE_JSON = 'package.json';
export const LOCKFILE = 'package-lock.json';
export const NPMRC = '.npmrc';
const WATCHED = new Set([PACKAGE_JSON, LOCKFILE, NPMRC]);
/** package.json is often mid-edit: wait for a pause in typing before installing. */
const DEBOUNCE_MS = 500;
const LOCK_ONLY_DELAY_MS = 2500;

export interface InstallerOptions {
  files: ProjectFiles;
  store: PackageStore;
  createRegistry: (config: RegistryConfig) => Registry;
  /** The app's registry setting and the build-time default (either may be empty). */
  registrySettings: () => { appSetting: string; buildDefault: string };
  /** Reports for the IDE. */
  onStatus: (status: InstallStatus) => void;
  onLockfile: (text: string) => void;
  onTypes: (files: { path: string; text: string }[]) => void;
  onTree: (paths: string[]) => void;
  /**
   * The installed tree changed (or went away): the pre-bundler serves from it. `runtimeChanged`
   * is false when every package the preview can load stayed where it was (same URLs).
   */
  onPackages: (tree: InstalledTree | undefined, runtimeChanged: boolean) => void;
  debounceMs?: number;
}

const idleProgress = (): InstallProgress => ({ phase: 'idle', resolved: 0, toDownload: 0, downloaded: 0, bytes: 0 });

export class Installer {
  private tree: InstalledTree | undefined;
  private status: InstallStatus = { progress: idleProgress(), dependencies: [], warnings: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  /** The lockfile text this installer last produced or followed: its own write must not start another install. */
  private lastLockText: string | undefined;
  private readonly imported = new Set<string>();
  private readonly unsubscribe: () => void;
  private disposed = false;

  private readonly fetcher: PackageFetcher;

  constructor(private readonly opts: InstallerOptions) {
    this.fetcher = new PackageFetcher(opts.store, opts.createRegistry, () => this.registryConfig());
    this.unsubscribe = opts.files.onChange((batch) => this.onChange(batch));
    if (opts.files.exists(PACKAGE_JSON)) this.schedule(this.needsPackagesNow() ? 0 : LOCK_ONLY_DELAY_MS);
  }

  /**
   * Whether the project runs anything from npm. Without runtime dependencies the install only
   * writes the lockfile (build tools are locked, not downloaded): it waits until the first
   * preview has had the machine to itself.
   */
  private needsPackagesNow(): boolean {
    try {
      const m = readManifest(this.opts.files.readText(PACKAGE_JSON));
      const runtime = { ...m?.dependencies, ...m?.optionalDependencies, ...m?.peerDependencies };
      return Object.keys(runtime).length > 0;
    } catch {
      return true;
    }
  }

  get packages(): InstalledTree | undefined {
    return this.tree;
  }

  /** The last install's error, if it failed. */
  get lastError(): NpmErrorInfo | undefined {
    return this.status.error;
  }

  /** True while an install runs or waits to run. */
  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined;
  }

  install(): void {
    this.schedule(0);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.rerun = false;
    this.controller?.abort();
  }

  /** A bare specifier project code imports: its package is downloaded even if only a devDependency. */
  noteImported(spec: string): void {
    this.imported.add(spec);
  }

  /** Bare specifiers project code was seen importing (warmed first after an install). */
  importedNames(): string[] {
    return [...this.imported];
  }

  async latestVersion(name: string): Promise<string> {
    const packument = await this.fetcher.registry().packument(name);
    const latest = packument['dist-tags'].latest;
    if (!latest) throw new NpmError('no-matching-version', `'${name}' has no latest version in the registry`, name);
    return latest;
  }

  /** Text of an installed file, `node_modules/<pkg>/<file>`. */
  async readFile(path: string): Promise<string> {
    const tree = this.tree;
    if (!tree) throw new Error('No packages are installed');
    const at = splitNodeModulesPath(tree.lockfile, path);
    if (!at) throw new Error(`${path} is not in an installed package`);
    const contents = await tree.contents(at.installPath);
    const bytes = contents.files.get(at.file);
    if (!bytes) throw new Error(`${path} does not exist`);
    return new TextDecoder().decode(bytes);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.unsubscribe();
  }

  // ------------------------------------------------------------------ scheduling

  private onChange(batch: ChangeBatch): void {
    const touched = batch.events.some((e) =>
      e.type === 'rename' ? WATCHED.has(e.from) || WATCHED.has(e.to) : WATCHED.has(e.path),
    );
    if (!touched) return;
    if (this.onlyOwnLockfileWrite(batch)) return;
    this.schedule(this.opts.debounceMs ?? DEBOUNCE_MS);
  }

  private onlyOwnLockfileWrite(batch: ChangeBatch): boolean {
    const others = batch.events.some((e) => e.type !== 'update' && e.type !== 'create');
    const paths = batch.events.map((e) => (e.type === 'rename' ? e.to : e.path));
    return !others && paths.every((p) => p === LOCKFILE) && this.opts.files.readText(LOCKFILE) === this.lastLockText;
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delay);
  }

  private start(): void {
    if (this.running) {
      // One install at a time; the newest files win once the current one ends.
      this.rerun = true;
      this.controller?.abort();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.run(controller.signal).finally(() => {
      this.running = undefined;
      this.controller = undefined;
      this.wakeTreeWaiters();
      if (this.rerun && !this.disposed) {
        this.rerun = false;
        this.start();
      }
    });
  }

  // ------------------------------------------------------------------ the install

  private async run(signal: AbortSignal): Promise<void> {
    // Fresh registry metadata for every install; within one, each packument is fetched once.
    this.fetcher.reset();
    const progress = { ...idleProgress(), phase: 'resolving' as const };
    const warnings: string[] = [];
    let manifest: ProjectManifest | undefined;
    try {
      manifest = readManifest(this.opts.files.readText(PACKAGE_JSON));
      if (!manifest) {
        // No package.json: nothing is installed, and nothing is an error.
        this.publish(undefined);
        this.report({ progress: { ...idleProgress(), phase: 'done' }, dependencies: [], warnings });
        return;
      }
      this.report({ progress, dependencies: dependencyList(manifest, this.tree?.lockfile), warnings });
      const lockText = this.opts.files.readText(LOCKFILE);
      let existing: Lockfile | undefined;
      if (lockText !== undefined) {
        try {
          existing = parseLockfile(lockText);
        } catch (error) {
          warnings.push(`${LOCKFILE} could not be read and will be rewritten: ${messageOf(error)}`);
        }
      }
      let lockfile: Lockfile;
      if (existing && lockfileInSync(existing, manifest)) {
        lockfile = existing;
        this.lastLockText = lockText;
      } else {
        const registry = this.fetcher.registry();
        const resolve = (m: ProjectManifest) =>
          resolveTree({
            manifest: m,
            ...(existing ? { lockfile: existing } : {}),
            registry,
            signal,
            onProgress: (resolved) => {
              progress.resolved = resolved;
              this.report({ ...this.status, progress: { ...progress } });
            },
          });
        if (!existing && hasDevDependencies(manifest)) {
          // Runtime first: locking a project's build tools (vite's closure is ~60 packuments)
          // must not hold up its first preview. The full tree places these the same way.
          const quick = await resolve(withoutDevDependencies(manifest));
          await this.download(quick.lockfile, progress, signal, false);
          this.publish(this.treeOf(quick.lockfile));
        }
        const result = await resolve(manifest);
        warnings.push(...result.warnings);
        lockfile = result.lockfile;
        const text = serializeLockfile(lockfile);
        if (text !== lockText) {
          this.lastLockText = text;
          this.opts.onLockfile(text);
        }
      }
      progress.resolved = Object.keys(lockfile.packages).length - 1;
      await this.download(lockfile, progress, signal, false);
      const tree = this.treeOf(lockfile);
      this.publish(tree);
      // Types for the editor last: the preview is already running.
      await this.download(lockfile, progress, signal, true);
      this.report({
        progress: { ...progress, phase: 'done', current: undefined },
        dependencies: dependencyList(manifest, lockfile, this.downloaded),
        warnings,
      });
      await this.publishFiles(tree);
    } catch (error) {
      const cancelled = signal.aborted || (error instanceof NpmError && error.code === 'cancelled');
      const info: NpmErrorInfo | undefined = cancelled ? undefined : errorInfo(error);
      this.report({
        progress: { ...progress, phase: cancelled ? 'cancelled' : 'failed', current: undefined },
        dependencies: manifest ? dependencyList(manifest, this.tree?.lockfile, this.downloaded) : [],
        warnings,
        ...(info ? { error: info } : {}),
      });
    }
  }

  /** Install paths whose files are in the store, as of the last plan. */
  private downloaded = new Set<string>();

  private treeOf(lockfile: Lockfile): InstalledTree {
    return new InstalledTree(lockfile, this.opts.store, this.fetcher.fetch, () => this.schedulePublishFiles());
  }

  private async download(
    lockfile: Lockfile,
    progress: InstallProgress,
    signal: AbortSignal,
    types: boolean,
  ): Promise<void> {
    const plan = planDownloads(lockfile, { imported: this.imported, types });
    const missing: string[] = [];
    for (const path of plan) {
      const integrity = lockfile.packages[path]?.integrity;
      if (!integrity || !(await this.opts.store.has(integrity))) missing.push(path);
    }
    progress.phase = 'downloading';
    // Counts add up over an install's download steps (runtime first, then types).
    progress.toDownload = progress.downloaded + missing.length;
    this.report({ ...this.status, progress: { ...progress } });
    const fetch = this.fetcher.fetch;
    const bytesOf = new Map<string, number>();
    await Promise.all(
      missing.map(async (path) => {
        const entry = lockfile.packages[path];
        await fetch(path, entry, signal, (bytes) => {
          bytesOf.set(path, bytes);
          progress.bytes = [...bytesOf.values()].reduce((a, b) => a + b, 0);
          progress.current = `${packageNameOf(path, entry)}@${entry.version}`;
          this.reportSoon(progress);
        });
        progress.downloaded++;
        this.reportSoon(progress);
      }),
    );
    this.downloaded = new Set(plan);
  }

  private registryConfig(): RegistryConfig {
    const { appSetting, buildDefault } = this.opts.registrySettings();
    return buildRegistryConfig({ npmrc: this.opts.files.readText(NPMRC), appSetting, buildDefault });
  }

  // ------------------------------------------------------------------ reports

  private publish(tree: InstalledTree | undefined): void {
    if (tree === this.tree) return;
    const previous = this.tree;
    this.tree = tree;
    // The same runtime packages at the same places serve the same URLs: nothing to reload.
    const changed =
      !previous ||
      !tree ||
      runtimeSignature(previous.lockfile, this.imported) !== runtimeSignature(tree.lockfile, this.imported);
    this.opts.onPackages(tree, changed);
    if (!tree) {
      this.opts.onTree([]);
      this.opts.onTypes([]);
    }
    this.wakeTreeWaiters();
  }

  private treeWaiters: (() => void)[] = [];

  private wakeTreeWaiters(): void {
    for (const wake of this.treeWaiters.splice(0)) wake();
  }

  /** Resolves when the installed tree next changes, or the install ends (at once when none runs). */
  treeChange(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.start();
    }
    return new Promise((resolve) => this.treeWaiters.push(resolve));
  }

  private publishTimer: ReturnType<typeof setTimeout> | undefined;

  private schedulePublishFiles(): void {
    if (this.publishTimer !== undefined) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      if (this.tree) void this.publishFiles(this.tree);
    }, 200);
  }

  /** The read-only node_modules listing and the type declarations, from what is in the store. */
  private async publishFiles(tree: InstalledTree): Promise<void> {
    const loaded: [string, PackageContents][] = [];
    for (const [path, entry] of Object.entries(tree.lockfile.packages)) {
      if (!path || !entry.integrity) continue;
      const contents = await this.opts.store.get(entry.integrity).catch(() => undefined);
      if (contents) loaded.push([path, contents]);
    }
    if (tree !== this.tree) return;
    this.opts.onTree(treeFiles(loaded));
    this.opts.onTypes(typeFiles(loaded));
  }

  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  /** Byte counts change per chunk: the IDE hears of them at most every 100 ms. */
  private reportSoon(progress: InstallProgress): void {
    if (this.reportTimer !== undefined) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      if (this.status.progress.phase === 'downloading') this.report({ ...this.status, progress: { ...progress } });
    }, 100);
  }

  private report(status: InstallStatus): void {
    this.status = status;
    this.opts.onStatus(status);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorInfo(error: unknown): NpmErrorInfo {
  if (error instanceof NpmError) return error.toInfo();
  return { code: 'registry-unreachable', message: `The install failed: ${messageOf(error)}` };
}
