/**
 * Pre-bundles one entry of one installed package into one ES module with esbuild, like
 * Vite's dependency optimizer: the package's own files bundled in, other packages external at
 * their `/@npm/` URLs, CommonJS entries behind a facade with named exports, CSS turned into a
 * `<style>` injector, `process.env.NODE_ENV` defined by mode. A failure gives a module that
 * throws a clear Error (and shows the overlay), never an empty success.
 */
import type { Message } from 'esbuild-wasm';
import { ASSET_EXTENSIONS, contentTypeFor } from '../../shared/mime';
import { extname } from '../../shared/paths';
import type { Diagnostic } from '../../shared/protocol';
import type { InstalledPackages } from '../../npm/types';
import { esbuildErrors } from '../diagnostics';
import { styleUpsert } from '../loaders/css';
import type { EsbuildApi } from '../loaders/types';
import { cjsFacade } from './cjs-facade';
import { wrapCommonJs } from './cjs-wrap';
import { isCommonJs } from './module-format';
import { PackageLoader, packageAt, resolveBareTarget, type InstalledPackage } from './installed-tree';
import { npmFileUrl, npmModuleUrl } from './npm-url';
import { PackageResolveError, resolveEntry, type Mode } from './package-resolve';
import { PROCESS_SHIM, packagePlugin, type EntryPlan, type PluginContext } from './prebundle-plugin';
import { facadeNames } from './reexports';

export interface PrebundleRequest {
  /** Lockfile key of the package, e.g. `node_modules/react-dom`. */
  installPath: string;
  /** The entry as imported after the package name: '' for the package, `client`, `dist/style.css`. */
  subpath: string;
  mode: Mode;
}

export interface PrebundleResult {
  code: string;
  contentType: string;
  /** Problems worth showing; for a failed bundle, why it failed. */
  warnings: string[];
  /** False when `code` is an error module. */
  ok: boolean;
  /** Bare specifiers the bundle imports -> the URL each led to; the bundle is valid while they still do. */
  externals: Record<string, string>;
  /** The module's export names. */
  exports: string[];
  /**
   * The entry is CommonJS behind a facade: names cjs-module-lexer could not see (lodash's) are only
   * on the default export, so project code should read missing named imports off `default`.
   */
  commonJs: boolean;
}

const JS = contentTypeFor('.js');
const SCRIPT = new Set(['.js', '.cjs', '.mjs', '.jsx']);
/**
 * A free `process` in esbuild output: not `x.process`, a `process:` key, or a comment line (esbuild
 * keeps some). A false positive only costs a second build.
 */
function mentionsProcess(js: string): boolean {
  return /(?<![\w$.])process\b(?!\s*:)/.test(js.replace(/^[ \t]*\/\/.*$/gm, ''));
}

/** JS that adds (once) or updates the page's `<style data-cove-npm="<url>">`. */
/** JS that injects a package's CSS once per URL (idempotent on re-import). */
export function styleInjector(url: string, css: string): string {
  return styleUpsert(url, css, 'data-cove-npm');
}

export async function prebundle(
  api: EsbuildApi,
  packages: InstalledPackages,
  request: PrebundleRequest,
  signal?: AbortSignal,
): Promise<PrebundleResult> {
  const { installPath, subpath, mode } = request;
  const self = packageAt(packages, installPath);
  if (!self) {
    const text = `Nothing is installed at ${installPath || 'the project root'}`;
    return failure(subpath || '(entry)', [{ text, file: `${installPath}/package.json` }]);
  }
  const entryName = subpath ? `${self.name}/${subpath}` : self.name;
  const ok = (
    code: string,
    more: { warnings?: string[]; externals?: Map<string, string>; exports?: string[]; commonJs?: boolean } = {},
  ): PrebundleResult => ({
    code,
    contentType: JS,
    warnings: more.warnings ?? [],
    ok: true,
    externals: Object.fromEntries(more.externals ?? []),
    exports: more.exports ?? ['default'],
    commonJs: more.commonJs ?? false,
  });
  try {
    const loader = new PackageLoader(packages, signal);
    const pkg = await loader.get(installPath);
    signal?.throwIfAborted();
    const target = resolveEntry(pkg, subpath, { mode });
    // The browser field may map an entry to nothing or to another package.
    if (target.kind === 'empty') return ok('export default {};\n');
    const ctx: PluginContext = {
      packages,
      loader,
      self,
      pkg,
      mode,
      entry: { kind: 'file', path: '' },
      warnings: [],
      externals: new Map(),
    };
    let cssEntry = false;
    if (target.kind === 'bare') {
      const other = resolveBareTarget(packages, installPath, target.spec, pkg.manifest.name ?? self.name);
      if (other.kind === 'missing') {
        throw new PackageResolveError(
          `${entryName} maps to '${target.spec}', which is not installed`,
          self.name,
          subpath,
        );
      }
      ctx.externals.set(target.spec, other.url);
      ctx.entry = { kind: 'generated', code: reexport(other.url) };
    } else {
      const ext = extname(target.path);
      if (ASSET_EXTENSIONS.has(ext)) {
        return ok(`export default ${JSON.stringify(npmFileUrl(self.name, self.version, target.path))};\n`);
      }
      cssEntry = ext === '.css';
      ctx.entry = await entryPlan(ctx, target.path);
      if (ctx.entry.kind === 'generated' && ctx.entry.commonJs && ctx.entry.names) {
        const selfName = (pkg.manifest.name as string | undefined) ?? self.name;
        const wrapped = await wrapCommonJs(
          { packages, installPath, selfName, pkg, mode },
          target.path,
          ctx.entry.names,
        );
        if (wrapped) {
          return ok(wrapped.code, {
            warnings: ctx.warnings,
            externals: wrapped.externals,
            exports: wrapped.exports,
            commonJs: true,
          });
        }
      }
    }
    signal?.throwIfAborted();
    const before = { warnings: [...ctx.warnings], externals: new Map(ctx.externals) };
    const build = (withProcess: boolean) => {
      ctx.warnings = [...before.warnings];
      ctx.externals = new Map(before.externals);
      return api.build({
        entryPoints: ['entry'],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'esnext',
        write: false,
        outdir: 'out',
        charset: 'utf8',
        logLevel: 'silent',
        metafile: true,
        define: { 'process.env.NODE_ENV': JSON.stringify(mode), global: 'globalThis' },
        ...(withProcess ? { inject: [PROCESS_SHIM] } : {}),
        plugins: [packagePlugin(ctx)],
      });
    };
    let result = await build(false);
    // Injecting the shim up front would leave init calls in every module even when unused: build again only when needed.
    if (mentionsProcess(result.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? ''))
      result = await build(true);
    signal?.throwIfAborted();
    const js = result.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? '';
    const css = result.outputFiles?.find((f) => f.path.endsWith('.css'))?.text;
    let code = js;
    if (css !== undefined) {
      const url = npmModuleUrl(self.name, self.version, subpath);
      code = styleInjector(url, css) + js + (cssEntry ? `export default ${JSON.stringify(css)};\n` : '');
    }
    const warnings = [...ctx.warnings, ...result.warnings.map((m) => formatMessage(self, m))];
    const exports = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined)?.exports;
    const names = cssEntry ? ['default'] : (exports ?? []);
    return ok(code, {
      warnings,
      externals: ctx.externals,
      exports: names,
      commonJs: ctx.entry.kind === 'generated' && ctx.entry.commonJs === true,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    const messages = error instanceof PackageResolveError ? [{ text: error.message }] : esbuildErrors(error);
    // Unplaced problems point at the package's package.json, which the node_modules view can open.
    const placed = messages
      .map((m) => located(self, m))
      .map((l) => ({ ...l, file: l.file ?? `${installPath}/package.json` }));
    return failure(entryName, placed);
  }
}

/** The entry: the file itself (ESM, CSS), JSON as default, or a facade with named exports over a CommonJS file. */
async function entryPlan(ctx: PluginContext, path: string): Promise<EntryPlan> {
  const code = ctx.pkg.text(path) ?? '';
  if (extname(path) === '.json') {
    // `require('pkg/data.json')` from another bundle gets the object itself, as in Node.
    const json = `import data from ${JSON.stringify(`/${path}`)};\nexport { data as default, data as "module.exports" };\n`;
    return { kind: 'generated', code: json };
  }
  if (!SCRIPT.has(extname(path)) || !(await isCommonJs(path, code))) return { kind: 'file', path };
  const { names, problems } = await facadeNames(ctx.packages, ctx.loader, ctx.self.installPath, path, ctx.mode);
  ctx.warnings.push(...problems);
  return { kind: 'generated', code: cjsFacade(`/${path}`, names), commonJs: true, names };
}

function reexport(url: string): string {
  const u = JSON.stringify(url);
  return `export * from ${u};\nimport * as __cove_ns from ${u};\nexport default __cove_ns.default;\n`;
}

interface Located {
  text: string;
  file?: string;
  line?: number;
  column?: number;
  lineText?: string;
}

/** An esbuild message placed in the project's read-only node_modules view (`node_modules/x/lib/a.js`). */
function located(self: InstalledPackage | undefined, m: Message | { text: string }): Located {
  const loc = 'location' in m ? m.location : null;
  // Positions in generated modules (facades, shims) mean nothing to a person.
  if (!loc || !self || !loc.file.startsWith('npm:')) return { text: m.text };
  return {
    text: m.text,
    file: `${self.installPath}/${loc.file.slice('npm:'.length)}`,
    line: loc.line,
    column: loc.column + 1,
    ...(loc.lineText ? { lineText: loc.lineText } : {}),
  };
}

function formatMessage(self: InstalledPackage, m: Message): string {
  const at = located(self, m);
  return at.file ? `${at.file}:${at.line}:${at.column}: ${at.text}` : `${self.name}@${self.version}: ${at.text}`;
}

/** A module that shows the problem in the overlay and throws it at import. */
function failure(entryName: string, messages: Located[]): PrebundleResult {
  const diagnostics: Diagnostic[] = messages.map((m) => ({
    file: m.file ?? '',
    line: m.line ?? 1,
    column: m.column ?? 1,
    message: m.text,
    severity: 'error',
    source: 'npm',
    ...(m.lineText ? { lineText: m.lineText } : {}),
  }));
  const warnings = messages.map((m) => (m.file && m.line ? `${m.file}:${m.line}:${m.column}: ${m.text}` : m.text));
  const message = `Cove could not prepare '${entryName}' for the browser: ${warnings[0] ?? 'unknown error'}`;
  const code =
    `globalThis.__COVE__?.overlay(${JSON.stringify(diagnostics)});\n` +
    `throw new Error(${JSON.stringify(message)});\n`;
  return { code, contentType: JS, warnings, ok: false, externals: {}, exports: [], commonJs: false };
}
