/**
 * A project's npm packages as the IDE sees them: the installer's status and file tree (from the
 * bundler worker), and the edits the Dependencies panel and quick fixes make. The IDE owns the
 * project's files, so it is this side that writes package.json and the lockfile the worker computes;
 * the worker notices the package.json change and installs the difference.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { InstallStatus } from '../../shared/npm';
import {
  EMPTY_PACKAGE_JSON,
  findDependency,
  parsePackageJson,
  registryPackageOf,
  removeDependency,
  setDependency,
  updatedRange,
  type DependencySection,
} from '../package-json-edit';
import { READ_ONLY_MESSAGE } from '../app-state';
import { packageNameProblem } from '../package-name';
import type { BundlerClient } from './bundler-client';
import { setRegistrySetting } from './npm-settings';

export const PACKAGE_JSON = 'package.json';
export const PACKAGE_LOCK = 'package-lock.json';

/** What the service needs of the bundler client (the whole client in the app, a fake in tests). */
export type NpmBundler = Pick<
  BundlerClient,
  'onNpmStatus' | 'onNpmLockfile' | 'onNpmTree' | 'npmInstall' | 'npmCancel' | 'npmRead' | 'npmLatest' | 'setRegistry'
>;

/** What the service needs of the project's files. */
export interface NpmWorkspace {
  readText(path: string): string | undefined;
  writeText(path: string, text: string): void;
  kindOf(path: string): 'text' | 'binary' | undefined;
}

export interface AddDependencyOptions {
  /** Save to devDependencies instead of dependencies. */
  dev?: boolean;
  /** A semver range or dist-tag; without one, `^<latest>`. */
  range?: string;
}

export class NpmService {
  private readonly statusSignal = signal<InstallStatus | undefined>(undefined);
  private readonly filesSignal = signal<string[]>([]);
  private readonly lockfileErrorSignal = signal<string | undefined>(undefined);
  private readonly cleanups: (() => void)[] = [];

  /** The installer's last report (progress, direct dependencies, error, warnings); undefined before the first. */
  readonly status: ReadonlySignal<InstallStatus | undefined> = this.statusSignal;
  /** Every file of the downloaded packages: `node_modules/react/index.js`, ... */
  readonly nodeModulesFiles: ReadonlySignal<string[]> = this.filesSignal;
  /** Why the last lockfile could not be written into the project (e.g. a folder named package-lock.json). */
  readonly lockfileError: ReadonlySignal<string | undefined> = this.lockfileErrorSignal;

  constructor(
    private readonly bundler: NpmBundler,
    readonly projectId: string,
    private readonly workspace: NpmWorkspace,
    /** False for a reader of a live project: nothing is written into its files. */
    private readonly canWrite: () => boolean = () => true,
  ) {
    this.cleanups.push(
      bundler.onNpmStatus((id, status) => {
        if (id === projectId) this.statusSignal.value = status;
      }),
      bundler.onNpmTree((id, paths) => {
        if (id === projectId) this.filesSignal.value = paths;
      }),
      bundler.onNpmLockfile((id, text) => {
        if (id !== projectId) return;
        // Until this tab holds the writer lock, keep the newest one: it may be granted later.
        if (this.writer === false) this.pendingLockfile = text;
        else this.writeLockfile(text);
      }),
    );
    this.claimWriter();
  }

  /**
   * Whether this tab writes the lockfile. Every tab's installer computes the same one; two tabs
   * writing it at the same moment would merge into a doubled text in the shared document, so
   * one tab per project (a Web Lock held while it is open) writes. Undefined: no Web Locks
   * here, so write.
   */
  private writer: boolean | undefined;
  private pendingLockfile: string | undefined;

  private claimWriter(): void {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return;
    this.writer = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    void locks
      .request(`cove-lockfile-writer:${this.projectId}`, () => {
        this.writer = true;
        const pending = this.pendingLockfile;
        this.pendingLockfile = undefined;
        if (pending !== undefined) this.writeLockfile(pending);
        return held;
      })
      .catch(() => (this.writer = undefined));
    this.cleanups.push(() => {
      this.writer = false;
      release();
    });
  }

  /** Install now: a retry after an error, or after the registry setting changed. */
  install(): void {
    this.bundler.npmInstall(this.projectId);
  }

  cancel(): void {
    this.bundler.npmCancel(this.projectId);
  }

  /** The text of an installed package's file, for the read-only viewer. */
  readFile(path: string): Promise<string> {
    const parts = path.split('/');
    if (parts[0] !== 'node_modules' || parts.length < 3 || parts.some((p) => p === '..' || p === '.' || p === ''))
      return Promise.reject(new Error(`"${path}" is not a file of an installed package (node_modules/...).`));
    return this.bundler.npmRead(this.projectId, path);
  }

  /** The package's `latest` version on the registry; rejects with the installer's readable message. */
  latestVersion(name: string): Promise<string> {
    const problem = packageNameProblem(name);
    if (problem) return Promise.reject(new Error(problem));
    return this.bundler.npmLatest(this.projectId, name);
  }

  /**
   * Adds to dependencies (or devDependencies) at `^<latest>` unless a range is given; edits package.json
   * keeping its formatting; creates package.json if missing.
   */
  async addDependency(name: string, opts: AddDependencyOptions = {}): Promise<void> {
    const problem = packageNameProblem(name);
    if (problem) throw new Error(problem);
    const range = opts.range?.trim();
    if (opts.range !== undefined && !range)
      throw new Error(`Give a version range for ${name}, or none for the latest.`);
    // A broken package.json fails here, before the registry is asked.
    this.readManifest();
    const chosen = range ?? `^${await this.latestVersion(name)}`;
    // Read again: the file may have changed (another edit, a collaborator) while the registry answered.
    const section: DependencySection = opts.dev ? 'devDependencies' : 'dependencies';
    const { text, exists } = this.readManifest();
    this.writeManifest(setDependency(text, name, chosen, section), text, exists);
  }

  /**
   * Moves the package to its latest version in whichever sections list it (not in peerDependencies,
   * which state what the project accepts, unless that is its only place). A pinned version stays
   * pinned and `~` stays `~`; other ranges become `^latest`.
   */
  async updateDependency(name: string): Promise<void> {
    const problem = packageNameProblem(name);
    if (problem) throw new Error(problem);
    const entries = this.entriesToUpdate(this.readManifest().text, name);
    const target = registryPackageOf(name, entries[0].range);
    if (!target)
      throw new Error(
        `${name} comes from "${entries[0].range}", not from the registry: change it in package.json by hand.`,
      );
    const latest = await this.latestVersion(target.name);
    const { text, exists } = this.readManifest();
    let next = text;
    for (const entry of this.entriesToUpdate(text, name))
      next = setDependency(next, name, updatedRange(entry.range, latest), entry.section);
    this.writeManifest(next, text, exists);
  }

  /** Removes the package from every dependency section of package.json (nothing happens if it is in none). */
  removeDependency(name: string): void {
    const { text, exists } = this.readManifest();
    if (!exists) return;
    this.writeManifest(removeDependency(text, name), text, exists);
  }

  /** Stores the app's registry setting (validated; '' = the default) and tells the installer; retries a failed install. */
  setRegistry(url: string): string {
    const value = setRegistrySetting(url);
    this.bundler.setRegistry(value);
    if (this.statusSignal.peek()?.error) this.install();
    return value;
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
  }

  private entriesToUpdate(text: string, name: string) {
    const all = findDependency(text, name);
    if (!all.length) throw new Error(`${name} is not in package.json.`);
    const own = all.filter((e) => e.section !== 'peerDependencies');
    return own.length ? own : all;
  }

  /** package.json's text (or an empty manifest if the project has none), checked to be editable. */
  private readManifest(): { text: string; exists: boolean } {
    const kind = this.workspace.kindOf(PACKAGE_JSON);
    if (kind === 'binary') throw new Error('package.json is not a text file; Cove cannot edit it.');
    const text = kind === 'text' ? (this.workspace.readText(PACKAGE_JSON) ?? '') : undefined;
    if (text === undefined) return { text: EMPTY_PACKAGE_JSON, exists: false };
    parsePackageJson(text);
    return { text, exists: true };
  }

  private writeManifest(next: string, before: string, existed: boolean): void {
    if (!this.canWrite()) throw new Error(READ_ONLY_MESSAGE);
    if (next !== before || !existed) this.workspace.writeText(PACKAGE_JSON, next);
  }

  private writeLockfile(text: string): void {
    // A reader's copy takes the lockfile from the room, like every other file.
    if (!this.canWrite()) return;
    if (this.workspace.readText(PACKAGE_LOCK) === text) return;
    try {
      this.workspace.writeText(PACKAGE_LOCK, text);
      this.lockfileErrorSignal.value = undefined;
    } catch (err) {
      this.lockfileErrorSignal.value = `package-lock.json could not be written: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
