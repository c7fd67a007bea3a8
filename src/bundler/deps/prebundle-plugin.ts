/**
 * The esbuild plugin of one pre-bundle: every module comes from the package's files (the
 * browser has no file system). Files of the package are bundled in; every other package (and
 * the package itself by name) stays external at its `/@npm/` URL, so all bundles share one
 * instance of each package. A `require()` of another package gets that package's real
 * `module.exports` through a small generated CommonJS module over a static import.
 */
import type { ImportKind, Loader, OnResolveResult, Plugin } from 'esbuild-wasm';
import { ASSET_EXTENSIONS } from '../../shared/mime';
import { dirname, extname } from '../../shared/paths';
import { MODULE_EXPORTS } from './cjs-facade';
import { declaredDependencies, resolveBareTarget, type InstalledPackage, type PackageLoader } from './installed-tree';
import { entryIsCommonJs } from './module-format';
import { nodeBuiltin } from './node-builtins';
import { npmFileUrl } from './npm-url';
import {
  browserModuleMapping,
  hasSideEffects,
  joinWithin,
  probe,
  resolveEntry,
  resolveHashImport,
  resolveRelativeIn,
  type Mode,
  type PackageFiles,
  type PackageTarget,
} from './package-resolve';
import type { InstalledPackages } from '../../npm/types';

/** Namespace of the package's own files; the path is the file's path in the package. */
const FILES = 'npm';
/** Namespace of generated modules. */
const GENERATED = 'cove';
export const PROCESS_SHIM = 'cove:process';

/** What the entry module is: a package file, or generated code (a CommonJS facade, a re-export). */
export type EntryPlan =
  | { kind: 'file'; path: string }
  /** `names`: a CommonJS entry's export names (its facade's). */
  | { kind: 'generated'; code: string; commonJs?: boolean; names?: string[] };

export interface PluginContext {
  packages: InstalledPackages;
  loader: PackageLoader;
  self: InstalledPackage;
  pkg: PackageFiles;
  mode: Mode;
  entry: EntryPlan;
  /** Problems that do not stop the bundle (shown to the user). */
  warnings: string[];
  /** Bare specifiers the bundle imports -> the URL each led to (a cached bundle is valid while they match). */
  externals: Map<string, string>;
}

const LOADERS: Record<string, Loader> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.json': 'json',
  '.css': 'css',
  '.txt': 'text',
  '.md': 'text',
  '.html': 'text',
};
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#|\/)/i;
const EXTERNAL_URL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
}

function generated(path: string): OnResolveResult {
  return { path, namespace: GENERATED };
}

/** JS that turns a module namespace into what `require()` returns: the real module.exports, or a CommonJS view. */
function requireShim(url: string): string {
  const key = JSON.stringify(MODULE_EXPORTS);
  return `var ns = require(${JSON.stringify(`namespace:${url}`)}).ns;
module.exports = ${key} in ns ? ns[${key}] : Object.keys(ns).reduce(function (o, k) {
  Object.defineProperty(o, k, { enumerable: true, get: function () { return ns[k]; } });
  return o;
}, Object.defineProperty({}, "__esModule", { value: true }));
`;
}

function processShim(mode: Mode): string {
  // Injected only when the bundle mentions `process` beyond `process.env.NODE_ENV` (see prebundle.ts).
  return `export var process = {
  env: { NODE_ENV: ${JSON.stringify(mode)} }, browser: true, title: "browser", version: "", versions: {},
  platform: "browser", argv: [], cwd: function () { return "/"; },
  nextTick: function (fn) { var args = [].slice.call(arguments, 1); queueMicrotask(function () { fn.apply(null, args); }); },
  on: function () {}, off: function () {}, emit: function () {}, listeners: function () { return []; }
};
`;
}

export function packagePlugin(ctx: PluginContext): Plugin {
  const { pkg, self } = ctx;
  const label = `${self.name}@${self.version}`;
  const warned = new Set<string>();
  const warnOnce = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    ctx.warnings.push(text);
  };

  const stars = new Map<string, Set<string>>();
  /** Specifiers a package file re-exports with `export * from` (a loose scan: a false hit only costs names). */
  const starReexports = (file: string): Set<string> => {
    let found = stars.get(file);
    if (!found) {
      const text = pkg.text(file) ?? '';
      found = new Set([...text.matchAll(/\bexport\s*\*\s*from\s*(['"])(.*?)\1/g)].map((m) => m[2]));
      stars.set(file, found);
    }
    return found;
  };

  /**
   * Packages re-exported with `export *` by files the entry re-exports with `export *`: esbuild
   * keeps such names in ESM output only when the entry itself says `export * from` them.
   */
  const nestedExternalStars = (file: string, seen: Set<string>): string[] => {
    const found: string[] = [];
    for (const spec of starReexports(file)) {
      if (!isRelative(spec)) {
        if (!EXTERNAL_URL.test(spec) && !spec.startsWith('#')) found.push(spec);
        continue;
      }
      let target: PackageTarget | undefined;
      try {
        target = resolveRelativeIn(pkg, file, spec);
      } catch {
        continue; // the build reports it
      }
      if (target.kind === 'file' && !seen.has(target.path)) {
        seen.add(target.path);
        found.push(...nestedExternalStars(target.path, seen));
      }
    }
    return found;
  };

  /** Bundled, a file's own URL is gone: `new URL('./x.wasm', import.meta.url)` must still find its neighbours. */
  const withOwnUrl = (text: string, path: string): string => {
    const own = `new URL(${JSON.stringify(npmFileUrl(self.name, self.version, path))}, import.meta.url).href`;
    return text.replaceAll('import.meta.url', own);
  };

  const fileResult = (path: string): OnResolveResult => ({
    path,
    namespace: FILES,
    ...(hasSideEffects(pkg, path) ? {} : { sideEffects: false }),
  });

  const bareResult = async (spec: string, kind: ImportKind, importer: string): Promise<OnResolveResult> => {
    const target = resolveBareTarget(ctx.packages, self.installPath, spec, pkg.manifest.name ?? self.name);
    if (target.kind === 'package') {
      ctx.externals.set(spec, target.url);
      // A static import of CommonJS goes through require() too: esbuild's interop then reads any named
      // import off module.exports at run time, also names cjs-module-lexer cannot see (lodash). Not for
      // `export * from`, whose names esbuild cannot list in ESM output: the facade's names serve it.
      const viaRequire =
        kind === 'require-call' ||
        (kind === 'import-statement' &&
          !starReexports(importer).has(spec) &&
          (await entryIsCommonJs(ctx.loader, target.installPath, target.subpath, ctx.mode)));
      return viaRequire ? generated(`require:${target.url}`) : { path: target.url, external: true };
    }
    const builtin = target.kind === 'missing' ? nodeBuiltin(spec) : undefined;
    if (builtin !== undefined) {
      warnOnce(
        `${label} imports Node's built-in module '${builtin}', which browsers do not have; it gets an empty module`,
      );
      return generated(`empty:${builtin}`);
    }
    const declared = declaredDependencies(self.entry).has(target.name);
    const message =
      `${label} (${importer}) imports '${spec}', but '${target.name}' is not installed` +
      (declared ? ` (${self.name} declares it: add it to package.json or reinstall)` : '');
    if (kind === 'import-statement') return { errors: [{ text: message }] };
    // A require() or import() may sit in a try/catch that expects failure: fail when it runs.
    ctx.warnings.push(message);
    return generated(`throw:${message}`);
  };

  const targetResult = (target: PackageTarget, spec: string, kind: ImportKind, importer: string) => {
    if (target.kind === 'file') return fileResult(target.path);
    if (target.kind === 'empty') return generated(`empty:${spec}`);
    return bareResult(target.spec, kind, importer);
  };

  /** `url()` and `@import` in package CSS: files of this package or, with `~`, of another one. */
  const cssReference = async (spec: string, kind: ImportKind, importer: string): Promise<OnResolveResult> => {
    if (URL_LIKE.test(spec)) return { path: spec, external: true };
    const cut = spec.search(/[?#]/);
    const base = cut < 0 ? spec : spec.slice(0, cut);
    const suffix = cut < 0 ? '' : spec.slice(cut);
    const external = (url: string): OnResolveResult => ({ path: url + suffix, external: true });
    if (!base.startsWith('~')) {
      const path = joinWithin(dirname(importer), base);
      const found =
        path && (pkg.has(path) ? path : kind === 'import-rule' && pkg.has(`${path}.css`) ? `${path}.css` : '');
      if (found)
        return kind === 'import-rule' ? fileResult(found) : external(npmFileUrl(self.name, self.version, found));
      if (kind === 'url-token' || isRelative(base)) {
        warnOnce(`${label}/${importer} refers to '${spec}', which is not in the package`);
        return { path: spec, external: true };
      }
    }
    // `@import "other-pkg/x.css"` (or `~other-pkg/...`): served as that package's raw file.
    const bare = base.replace(/^~/, '');
    const target = resolveBareTarget(ctx.packages, self.installPath, bare, pkg.manifest.name ?? self.name);
    if (target.kind === 'missing')
      return { errors: [{ text: `${label}/${importer} imports '${spec}', which is not installed` }] };
    ctx.externals.set(bare, target.url);
    const other = await ctx.loader.get(target.installPath);
    const sub = target.subpath;
    const file = sub ? probe(other, sub) : undefined;
    const entry = file ?? (!sub && other.manifest.style ? probe(other, other.manifest.style) : undefined);
    const resolved = entry ?? fileOf(resolveEntry(other, sub, { mode: ctx.mode }));
    if (!resolved) return { errors: [{ text: `${label}/${importer}: '${spec}' is not a file of ${target.name}` }] };
    return external(npmFileUrl(target.name, target.version, resolved));
  };

  return {
    name: 'cove-npm-package',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point') {
          if (args.path === PROCESS_SHIM) return generated('process');
          return ctx.entry.kind === 'file' ? fileResult(ctx.entry.path) : generated('entry');
        }
        if (args.namespace === GENERATED) {
          // Generated modules only import what they were generated with: package files, helpers, URLs.
          if (args.path.startsWith('namespace:')) return generated(args.path);
          if (args.path.startsWith('/@npm/')) return { path: args.path, external: true };
          if (args.path.startsWith('/')) return fileResult(args.path.slice(1));
          return bareResult(args.path, args.kind, 'entry');
        }
        const { path: spec, importer, kind } = args;
        try {
          if (kind === 'url-token' || kind === 'import-rule' || kind === 'composes-from') {
            return await cssReference(spec, kind, importer);
          }
          if (EXTERNAL_URL.test(spec)) return { path: spec, external: true };
          if (spec.startsWith('/')) {
            return {
              errors: [{ text: `${label}/${importer} imports '${spec}': a package cannot import by absolute path` }],
            };
          }
          const opts = { mode: ctx.mode, require: kind === 'require-call' };
          let target: PackageTarget;
          if (spec.startsWith('#')) target = resolveHashImport(pkg, spec, opts);
          else if (isRelative(spec)) target = resolveRelativeIn(pkg, importer, spec);
          else target = browserModuleMapping(pkg, spec) ?? { kind: 'bare', spec };
          return await targetResult(target, spec, kind, importer);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          if (kind === 'import-statement' || kind === 'import-rule') return { errors: [{ text }] };
          ctx.warnings.push(text);
          return generated(`throw:${text}`);
        }
      });

      build.onLoad({ filter: /.*/, namespace: FILES }, (args) => {
        const ext = extname(args.path);
        if (ASSET_EXTENSIONS.has(ext)) {
          return {
            contents: `export default ${JSON.stringify(npmFileUrl(self.name, self.version, args.path))};\n`,
            loader: 'js',
          };
        }
        const text = pkg.text(args.path);
        if (text === undefined) return { errors: [{ text: `${label} has no file '${args.path}'` }] };
        if (args.path.endsWith('.module.css')) return { contents: text, loader: 'local-css' };
        const loader = LOADERS[ext] ?? 'js';
        if (ctx.entry.kind === 'file' && args.path === ctx.entry.path && loader === 'js') {
          const own = starReexports(args.path);
          const hoisted = [...new Set(nestedExternalStars(args.path, new Set([args.path])))].filter((s) => !own.has(s));
          if (hoisted.length) {
            for (const spec of hoisted) own.add(spec);
            const lines = hoisted.map((spec) => `export * from ${JSON.stringify(spec)};`).join('\n');
            return { contents: `${withOwnUrl(text, args.path)}\n${lines}\n`, loader };
          }
        }
        if (
          (loader === 'js' || loader === 'ts' || loader === 'jsx' || loader === 'tsx') &&
          text.includes('import.meta.url')
        ) {
          return { contents: withOwnUrl(text, args.path), loader };
        }
        return { contents: text, loader };
      });

      build.onLoad({ filter: /.*/, namespace: GENERATED }, (args) => {
        const [kind] = args.path.split(':', 1);
        const rest = args.path.slice(kind.length + 1);
        switch (kind) {
          case 'entry':
            return { contents: ctx.entry.kind === 'generated' ? ctx.entry.code : '', loader: 'js' };
          case 'process':
            return { contents: processShim(ctx.mode), loader: 'js' };
          case 'require':
            return { contents: requireShim(rest), loader: 'js' };
          case 'namespace':
            return { contents: `import * as ns from ${JSON.stringify(rest)};\nexport { ns };\n`, loader: 'js' };
          case 'empty':
            return { contents: 'module.exports = {};\n', loader: 'js' };
          case 'throw':
            return { contents: `throw new Error(${JSON.stringify(rest)});\n`, loader: 'js' };
          default:
            return { errors: [{ text: `Unknown generated module ${args.path}` }] };
        }
      });
    },
  };
}

function fileOf(target: PackageTarget): string | undefined {
  return target.kind === 'file' ? target.path : undefined;
}
