/**
 * Serves one open project to its preview: routes each request, runs the loader, rewrites
 * imports, keeps diagnostics current and tells the IDE when the preview is stale.
 */
import { init as lexerInit } from 'es-module-lexer';
import { contentTypeFor } from '../shared/mime';
import { extname, isWithin } from '../shared/paths';
import type { Diagnostic, FromBundler, PreviewRequest, PreviewResponse } from '../shared/protocol';
import type { ChangeBatch, ProjectFiles } from '../fs/types';
import type { CompileCache, CompileOutput } from './compile-cache';
import { DiagnosticsTracker, errorModule } from './diagnostics';
import { isEnvPath, viteEnv, type ViteEnv } from './env';
import { assetModule } from './loaders/asset';
import { cssInlineScript, cssModuleScript, rewriteCssUrls } from './loaders/css';
import { compileCssModule, cssModuleServed } from './loaders/css-module';
import { injectIntoHtml } from './loaders/html';
import { compileJson, compileJsonFast } from './loaders/json';
import { rawModule } from './loaders/raw';
import { compileScript } from './loaders/script';
import type { SnapshotStore } from './compiled-snapshot';
import { SUCRASE_KEY, compileScriptFast, sucraseOptions } from './loaders/script-sucrase';
import type { EsbuildApi } from './loaders/types';
import { urlModule } from './loaders/url';
import type { PreloadStore } from './preload-store';
import { ModuleGraph } from './module-graph';
import { isDocumentRequest, isModuleDestination, route, type ServeAs } from './request-router';
import { SCRIPT_EXTENSIONS, fileUrl } from './resolve';
import { rewriteImports, type BareResolution } from './rewrite-imports';
import { interopCommonJsImports, type ModuleInfo } from './cjs-interop';
import { inlineSourceMap, lineColumnAt } from './source-map';
import { TsconfigResolver, isTsconfigPath } from './tsconfig';

const JS = contentTypeFor('.js');
const RECHECK_DELAY_MS = 120;

type ModuleKind = 'script' | 'json-module' | 'css-module';

export interface ProjectServerOptions {
  projectId: string;
  files: ProjectFiles;
  /** Resolves when esbuild is ready; only awaited when a compile is needed. */
  esbuild: Promise<EsbuildApi>;
  cache: CompileCache;
  post: (message: FromBundler) => void;
  /** Where the page -> modules lists for `modulepreload` survive a reload (optional). */
  preloads?: PreloadStore;
  /** Where the compiled modules survive a reload, as one record per project (optional). */
  snapshots?: SnapshotStore;
  /** npm packages: bare imports and the `/@npm/` URLs (absent: bare imports are errors). */
  packages?: PackageServing;
}

/** What the project server needs from the package manager (see npm-bridge.ts). */
export interface PackageServing {
  resolveBare(spec: string): BareResolution;
  isPackageUrl(pathname: string): boolean;
  serve(pathname: string): Promise<{
    status: number;
    contentType: string;
    body: string | Uint8Array;
    warnings?: string[];
    failed?: boolean;
  }>;
  /** A served package module's format and export names (for CommonJS named-import interop). */
  moduleInfo(url: string): Promise<ModuleInfo>;
  /** True while an install runs or waits; `treeChange` resolves when its tree changes or it ends. */
  readonly busy: boolean;
  treeChange(): Promise<void>;
}

/** How long an HTML response may wait for the stored preload list (IndexedDB is usually ~5 ms). */
const PRELOAD_LOAD_WAIT_MS = 100;
const PRELOAD_SAVE_DELAY_MS = 300;
/** How long a module waits for the project's compiled snapshot to be read (a slow read must not stall it). */
const SNAPSHOT_LOAD_WAIT_MS = 400;
/** Quiet time after the last compile before the snapshot is written. */
const SNAPSHOT_SAVE_DELAY_MS = 1_000;

let lexerReady = false;

export class ProjectServer {
  private readonly files: ProjectFiles;
  private readonly graph = new ModuleGraph();
  private readonly diagnostics: DiagnosticsTracker;
  /** Export names of each module's last good version (keeps importers linkable when it breaks). */
  private readonly lastExports = new Map<string, string[]>();
  private config: { tsconfig: TsconfigResolver; env: ViteEnv; envKey: string } | undefined;
  private readonly unsubscribe: () => void;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly toRecheck = new Set<string>();
  /** Modules whose output depends on the installed packages (they import some). */
  private readonly packageImporters = new Set<string>();

  constructor(private readonly opts: ProjectServerOptions) {
    this.files = opts.files;
    this.diagnostics = new DiagnosticsTracker((files, diagnostics) =>
      opts.post({ type: 'diagnostics', projectId: opts.projectId, files, diagnostics }),
    );
    this.unsubscribe = this.files.onChange((batch) => this.onChange(batch));
    this.preloadsRestored = opts.preloads
      ? opts.preloads.load(opts.projectId).then(
          (stored) => this.graph.restorePreloads(stored),
          () => undefined, // a second visit without hints is only slower
        )
      : Promise.resolve();
    const snapshots = opts.snapshots;
    this.snapshotRestored = snapshots
      ? snapshots.load(opts.projectId).then(
          (entries) => {
            this.opts.cache.restoreMemos(entries.filter((e) => e.slot.startsWith(this.slotPrefix)));
            this.snapshotSettled = true;
          },
          () => void (this.snapshotSettled = true), // no snapshot: every module compiles as usual
        )
      : undefined;
    if (!snapshots) this.snapshotSettled = true;
  }

  private readonly preloadsRestored: Promise<void>;
  private readonly snapshotRestored: Promise<void> | undefined;
  private snapshotSettled = false;
  private snapshotSaveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Saves the compiled modules once compiling has been quiet for a moment (one write, not one per module). */
  private scheduleSnapshotSave(): void {
    const store = this.opts.snapshots;
    if (!store) return;
    clearTimeout(this.snapshotSaveTimer);
    this.snapshotSaveTimer = setTimeout(() => {
      this.snapshotSaveTimer = undefined;
      // Best effort: a full quota or a private window only makes the next visit compile again.
      void store.save(this.opts.projectId, this.opts.cache.memos(this.slotPrefix)).catch(() => undefined);
    }, SNAPSHOT_SAVE_DELAY_MS);
  }
  private preloadSaveTimer: ReturnType<typeof setTimeout> | undefined;

  private schedulePreloadSave(): void {
    const store = this.opts.preloads;
    if (!store || this.preloadSaveTimer) return;
    this.preloadSaveTimer = setTimeout(() => {
      this.preloadSaveTimer = undefined;
      void store.save(this.opts.projectId, this.graph.allPreloads()).catch(() => undefined);
    }, PRELOAD_SAVE_DELAY_MS);
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.recheckTimer);
    clearTimeout(this.preloadSaveTimer);
    clearTimeout(this.snapshotSaveTimer);
    this.opts.cache.forget(this.slotPrefix);
  }

  async handle(req: PreviewRequest): Promise<PreviewResponse> {
    try {
      return await this.serve(req);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return response(req.id, 503, 'text/plain; charset=utf-8', `Cove could not serve ${req.url}: ${message}\n`);
    }
  }

  private async serve(req: PreviewRequest): Promise<PreviewResponse> {
    const packages = this.opts.packages;
    const pathname = req.url.split(/[?#]/)[0];
    if (packages?.isPackageUrl(pathname)) {
      if (isModuleDestination(req.destination)) this.graph.loadedModule(req.url);
      const served = await packages.serve(pathname);
      this.reportPackageProblems(pathname, served);
      return response(req.id, served.status, served.contentType, served.body);
    }
    const r = route(this.files, req);
    if (r.kind === 'not-found') {
      const body = `404 Not Found: ${r.pathname}\n\nThere is no file in this project at that URL.\n`;
      return response(req.id, 404, 'text/plain; charset=utf-8', body);
    }
    const { path, as } = r;
    if (as === 'html' && isDocumentRequest(req)) {
      await Promise.race([this.preloadsRestored, new Promise((r) => setTimeout(r, PRELOAD_LOAD_WAIT_MS))]);
      const preloads = this.graph
        .preloadsFor(path)
        .filter(
          (url) => route(this.files, moduleRequest(url)).kind === 'file' || this.opts.packages?.isPackageUrl(url),
        );
      this.graph.navigated(path);
      return response(req.id, 200, contentTypeFor('.html'), injectIntoHtml(this.files.readText(path) ?? '', preloads));
    }
    this.graph.loadedFile(path, as);
    if (isModuleDestination(req.destination)) {
      this.graph.loadedModule(r.url);
      this.schedulePreloadSave();
    }

    const js = (body: string) => response(req.id, 200, JS, body);
    switch (as) {
      case 'script':
      case 'json-module':
      case 'css-module':
        return js(await this.moduleCode(path, as));
      case 'html':
        return response(req.id, 200, contentTypeFor('.html'), injectIntoHtml(this.files.readText(path) ?? ''));
      case 'css-text':
        return response(req.id, 200, contentTypeFor('.css'), rewriteCssUrls(this.files.readText(path) ?? '', path));
      case 'css-js':
        return js(cssModuleScript(path, this.files.readText(path) ?? ''));
      case 'css-inline':
        return js(cssInlineScript(path, this.files.readText(path) ?? ''));
      case 'asset-module':
        return js(assetModule(fileUrl(path)));
      case 'url-module':
        return js(urlModule(fileUrl(path)));
      case 'raw-module':
        return js(rawModule(await this.readAsText(path)));
      case 'file': {
        const bytes = await this.files.readBinary(path);
        if (!bytes) return response(req.id, 404, 'text/plain; charset=utf-8', `404 Not Found: ${path}\n`);
        // A copy: the body's buffer is transferred, and the store may share `bytes`.
        return response(req.id, 200, contentTypeFor(extname(path)), bytes.slice());
      }
    }
  }

  /** JS for a compiled module: the real thing, or an error module (diagnostics updated either way). */
  private async moduleCode(path: string, kind: ModuleKind): Promise<string> {
    const source = this.files.readText(path);
    if (source === undefined) {
      const missing = diag(path, 1, 1, `Cannot read ${path} as text`, 'resolve');
      this.diagnostics.set(path, [missing]);
      return errorModule([missing]);
    }
    const output = await this.compile(path, kind, source);
    if (output.errors.length) {
      this.diagnostics.set(path, [...output.errors, ...output.warnings]);
      return errorModule(output.errors, this.lastExports.get(path));
    }
    if (kind === 'css-module') {
      this.diagnostics.set(path, output.warnings);
      return cssModuleServed(path, output);
    }
    if (!lexerReady) {
      await lexerInit;
      lexerReady = true;
    }
    const packages = this.opts.packages;
    const bare = packages ? (spec: string) => packages.resolveBare(spec) : undefined;
    let rewritten = rewriteImports(output.code, path, this.files, bare);
    while (packages?.busy && rewritten.problems.some((p) => p.pending)) {
      // An install is under way: the package may be there in a moment.
      await packages.treeChange();
      rewritten = rewriteImports(output.code, path, this.files, bare);
    }
    if (rewritten.usesPackages || rewritten.problems.some((p) => p.fix)) this.packageImporters.add(path);
    else this.packageImporters.delete(path);
    if (rewritten.problems.length) {
      const map = inlineSourceMap(output.code);
      const lines = source.split('\n');
      const problems = rewritten.problems.map((p) => {
        const generated = lineColumnAt(output.code, p.offset);
        const original = map?.original(generated.line, generated.column);
        const line = original?.line ?? generated.line;
        const lineText = lines[line - 1] ?? '';
        // Point at the specifier itself when the original line shows it.
        const at = lineText.indexOf(p.specifier);
        const column = at >= 0 ? at + 1 : (original?.column ?? generated.column) + 1;
        if (p.tried) this.graph.waitFor(p.tried, path);
        const d = diag(path, line, column, p.message, 'resolve', lineText);
        return p.fix ? { ...d, fix: p.fix } : d;
      });
      this.diagnostics.set(path, [...problems, ...output.warnings]);
      return errorModule(problems, rewritten.exportNames);
    }
    this.lastExports.set(path, rewritten.exportNames);
    this.diagnostics.set(path, output.warnings);
    if (packages && rewritten.usesPackages) {
      return interopCommonJsImports(rewritten.code, (url) => packages.moduleInfo(url));
    }
    return rewritten.code;
  }

  /**
   * Compiled output from the memo (also what the project's snapshot restored), the cache levels,
   * or a compiler; a cached module costs no await.
   */
  private compile(path: string, kind: ModuleKind, source: string): CompileOutput | Promise<CompileOutput> {
    const loader = this.loaderFor(path, kind, source);
    const { optionsKey } = loader;
    const slot = `${this.slotPrefix}${kind}\0${path}`;
    const hit = this.opts.cache.peek(slot, optionsKey, source);
    if (hit) return hit;
    if (!this.snapshotSettled && this.snapshotRestored) {
      const restored = Promise.race([this.snapshotRestored, delay(SNAPSHOT_LOAD_WAIT_MS)]);
      return restored.then(
        () => this.opts.cache.peek(slot, optionsKey, source) ?? this.compileNow(path, kind, source, loader),
      );
    }
    return this.compileNow(path, kind, source, loader);
  }

  private compileNow(
    path: string,
    kind: ModuleKind,
    source: string,
    { optionsKey, run, fast }: ReturnType<ProjectServer['loaderFor']>,
  ): Promise<CompileOutput> {
    const slot = `${this.slotPrefix}${kind}\0${path}`;
    // The fast path needs no esbuild (nor waits for it to start); what it declines, esbuild compiles.
    const compile = () => {
      const output = fast?.();
      return output ? Promise.resolve(output) : this.opts.esbuild.then(run);
    };
    return this.opts.cache.get(slot, optionsKey, source, compile, fast !== undefined).then(({ output, from, ms }) => {
      this.scheduleSnapshotSave();
      if (from === 'compiled' || from === 'persistent' || from === 'seed') {
        this.opts.post({ type: 'compiled', projectId: this.opts.projectId, path, ms, cached: from !== 'compiled' });
      }
      return output;
    });
  }

  private loaderFor(
    path: string,
    kind: ModuleKind,
    source: string,
  ): {
    optionsKey: string;
    run: (api: EsbuildApi) => Promise<CompileOutput>;
    fast?: () => CompileOutput | undefined;
  } {
    if (kind === 'json-module') {
      return { optionsKey: 'json', run: (api) => compileJson(api, path, source), fast: () => compileJsonFast(source) };
    }
    if (kind === 'css-module') {
      return { optionsKey: 'css-module', run: (api) => compileCssModule(api, path, (p) => this.files.readText(p)) };
    }
    const config = this.projectConfig();
    const ts = config.tsconfig.forFile(path);
    const usesEnv = source.includes('import.meta.env');
    const url = fileUrl(path);
    const fast = sucraseOptions(path, source, ts.options) !== undefined;
    return {
      optionsKey: `script\0${url}\0${ts.key}\0${usesEnv ? config.envKey : ''}${fast ? `\0${SUCRASE_KEY}` : ''}`,
      run: (api) => compileScript(api, { path, url, source, compilerOptions: ts.options, env: config.env }),
      ...(fast ? { fast: () => compileScriptFast({ path, url, source, compilerOptions: ts.options }) } : {}),
    };
  }

  private projectConfig(): { tsconfig: TsconfigResolver; env: ViteEnv; envKey: string } {
    if (!this.config) {
      const env = viteEnv(this.files);
      this.config = { tsconfig: new TsconfigResolver(this.files), env, envKey: JSON.stringify(env) };
    }
    return this.config;
  }

  private get slotPrefix(): string {
    return `${this.opts.projectId}\0`;
  }

  private async readAsText(path: string): Promise<string> {
    const text = this.files.readText(path);
    if (text !== undefined) return text;
    const bytes = await this.files.readBinary(path);
    return bytes ? new TextDecoder().decode(bytes) : '';
  }

  // ------------------------------------------------------------------ changes

  private onChange(batch: ChangeBatch): void {
    const touched: string[] = [];
    for (const e of batch.events) {
      if (e.type === 'rename') touched.push(e.from, e.to);
      else touched.push(e.path);
      if (e.type === 'delete' || e.type === 'folder-delete' || e.type === 'rename') {
        const gone = e.type === 'rename' ? e.from : e.path;
        for (const file of this.diagnostics.files()) if (isWithin(file, gone)) this.diagnostics.clear(file);
      }
    }
    const configChanged = touched.some((p) => isTsconfigPath(p) || isEnvPath(p));
    if (configChanged) this.config = undefined;

    const invalidation = this.graph.affected(batch);
    if (invalidation) {
      this.opts.post({ type: 'preview-invalidate', projectId: this.opts.projectId, ...invalidation });
    }
    // Keep the IDE's problems current even when no preview re-requests the file.
    for (const file of this.diagnostics.files()) {
      if (configChanged || touched.includes(file)) this.toRecheck.add(file);
    }
    for (const p of touched) for (const importer of this.graph.waitersFor(p)) this.toRecheck.add(importer);
    if (this.toRecheck.size && this.recheckTimer === undefined) {
      this.recheckTimer = setTimeout(() => void this.recheck(), RECHECK_DELAY_MS);
    }
  }

  /** Package bundles that failed, by URL: shown in Problems at the dependency's line of package.json. */
  private readonly packageProblems = new Map<string, string[]>();

  private reportPackageProblems(url: string, served: { failed?: boolean; warnings?: string[] }): void {
    const before = this.packageProblems.size;
    if (served.failed && served.warnings?.length) this.packageProblems.set(url, served.warnings);
    else this.packageProblems.delete(url);
    if (before === 0 && this.packageProblems.size === 0) return;
    const text = this.files.readText('package.json') ?? '';
    const lines = text.split('\n');
    const diagnostics = [...this.packageProblems].flatMap(([pkgUrl, messages]) => {
      const name = /^\/@npm\/((?:@[^/]+\/)?[^/@]+)@/.exec(pkgUrl)?.[1] ?? pkgUrl;
      const index = lines.findIndex((l) => l.includes(`"${name}"`));
      const line = index < 0 ? 1 : index + 1;
      const column = index < 0 ? 1 : lines[index].indexOf(`"${name}"`) + 1;
      return messages.map((m) => diag('package.json', line, column, `${name}: ${m}`, 'npm', lines[line - 1]));
    });
    this.diagnostics.set('package.json', diagnostics);
  }

  /** The installed tree changed: modules importing packages get new URLs (or new errors). */
  packagesChanged(): void {
    if (this.packageProblems.size) {
      this.packageProblems.clear();
      this.diagnostics.set('package.json', []);
    }
    const paths = [...this.packageImporters];
    if (!paths.length) return;
    const invalidation = this.graph.affected({
      events: paths.map((path) => ({ type: 'update' as const, path })),
      local: false,
    });
    if (invalidation) {
      this.opts.post({ type: 'preview-invalidate', projectId: this.opts.projectId, ...invalidation, cssOnly: false });
    }
    for (const p of paths) if (this.diagnostics.files().includes(p)) this.toRecheck.add(p);
    if (this.toRecheck.size && this.recheckTimer === undefined) {
      this.recheckTimer = setTimeout(() => void this.recheck(), RECHECK_DELAY_MS);
    }
  }

  private async recheck(): Promise<void> {
    this.recheckTimer = undefined;
    const files = [...this.toRecheck];
    this.toRecheck.clear();
    await Promise.all(
      files.map(async (path) => {
        const kind = moduleKindOf(path);
        if (!kind || !this.files.exists(path)) return this.diagnostics.clear(path);
        await this.moduleCode(path, kind).catch(() => {});
      }),
    );
  }

  // ------------------------------------------------------------------ stack traces

  /** Replace `http://origin/src/x.ts:L:C` positions with original `src/x.ts:L:C`. */
  async mapStack(stack: string): Promise<string> {
    const pattern = /\bhttps?:\/\/[^\s()/]+(\/[^\s()]*?):(\d+):(\d+)/g;
    const replacements = new Map<string, string>();
    for (const m of stack.matchAll(pattern)) {
      if (replacements.has(m[0])) continue;
      const mapped = await this.mapPosition(m[1], Number(m[2]), Number(m[3]));
      if (mapped) replacements.set(m[0], mapped);
    }
    return stack.replace(pattern, (all) => replacements.get(all) ?? all);
  }

  private async mapPosition(urlPath: string, line: number, column: number): Promise<string | undefined> {
    const r = route(this.files, moduleRequest(urlPath));
    if (r.kind !== 'file' || r.as !== 'script') return undefined;
    const source = this.files.readText(r.path);
    if (source === undefined) return undefined;
    const output = await this.compile(r.path, 'script', source);
    const original = inlineSourceMap(output.code)?.original(line, column - 1);
    return original ? `${r.path}:${original.line}:${original.column + 1}` : undefined;
  }
}

function moduleKindOf(path: string): ModuleKind | undefined {
  const ext = extname(path);
  if (SCRIPT_EXTENSIONS.includes(ext)) return 'script';
  if (ext === '.json') return 'json-module';
  if (path.endsWith('.module.css')) return 'css-module';
  return undefined;
}

function moduleRequest(url: string): PreviewRequest {
  return { type: 'fetch', id: 0, url, destination: 'script', navigate: false };
}

function diag(
  file: string,
  line: number,
  column: number,
  message: string,
  source: Diagnostic['source'],
  lineText?: string,
): Diagnostic {
  return { file, line, column, message, severity: 'error', source, ...(lineText ? { lineText } : {}) };
}

function response(id: number, status: number, contentType: string, body: string | Uint8Array): PreviewResponse {
  return { type: 'response', id, status, headers: { 'content-type': contentType, 'cache-control': 'no-cache' }, body };
}

export type { ServeAs };

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
