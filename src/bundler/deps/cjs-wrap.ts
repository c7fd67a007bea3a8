/**
 * CommonJS packages without esbuild. A package whose entry and every file it requires are plain
 * CommonJS (`.js`/`.cjs`/`.json`, no module syntax) needs no parsing or transform to run in a
 * browser: each file becomes a function `(module, exports, require, ...)` in one ES module with a
 * tiny require. This is what a bundler would emit, minus the parse: esbuild-wasm on a cold JIT
 * spends ~1.5 s on react-dom's 900 KB development build; this takes milliseconds. Anything else
 * (module syntax, CSS, a `browser` map, Node built-ins) returns undefined and goes to esbuild.
 */
import { extname } from '../../shared/paths';
import { resolveBareTarget } from './installed-tree';
import { isCommonJs } from './module-format';
import { MODULE_EXPORTS, cjsFacade } from './cjs-facade';
import { nodeBuiltin } from './node-builtins';
import { resolveRelativeIn, type Mode, type PackageFiles } from './package-resolve';
import type { InstalledPackages } from '../../npm/types';

const MAX_FILES = 400;
const MAX_BYTES = 8 * 1024 * 1024;
/** `require('x')` with a literal: the calls a wrapper must be able to answer. */
const REQUIRE_CALL = /(?<![\w$.])require\s*\(\s*(['"])([^'"\n\\]+)\1\s*\)/g;

export interface WrapContext {
  packages: InstalledPackages;
  installPath: string;
  selfName: string;
  pkg: PackageFiles;
  mode: Mode;
}

export interface Wrapped {
  code: string;
  /** Bare specifiers -> the `/@npm/` URL each leads to. */
  externals: Map<string, string>;
  exports: string[];
}

/** One ES module running the CommonJS entry `entry`; undefined when the package needs esbuild. */
export async function wrapCommonJs(ctx: WrapContext, entry: string, names: string[]): Promise<Wrapped | undefined> {
  if (ctx.pkg.browserFieldMap().modules.size) return undefined;
  const files = new Map<string, { code: string; requires: Map<string, string> }>();
  const externals = new Map<string, string>();
  const queue = [entry];
  let bytes = 0;
  while (queue.length) {
    const path = queue.shift()!;
    if (files.has(path)) continue;
    const ext = extname(path);
    if (!['.js', '.cjs', '.json'].includes(ext) || files.size >= MAX_FILES) return undefined;
    const code = ctx.pkg.text(path);
    if (code === undefined) return undefined;
    bytes += code.length;
    if (bytes > MAX_BYTES) return undefined;
    if (ext !== '.json' && !(await isCommonJs(path, code))) return undefined;
    // A syntax error must be reported with its place, which esbuild does: compile (never run) first.
    if (ext !== '.json' && !compiles(code.replace(/^#!.*/, ''))) return undefined;
    const requires = new Map<string, string>();
    files.set(path, { code, requires });
    if (ext === '.json') continue;
    const dead = deadEnvBranches(code, ctx.mode);
    for (const m of code.matchAll(REQUIRE_CALL)) {
      if (dead.some(([from, to]) => m.index > from && m.index < to)) continue;
      const spec = m[2];
      if (requires.has(spec)) continue;
      if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
        const target = tryRelative(ctx.pkg, path, spec);
        // Unresolvable: left to fail at run time, where a try/catch around it may expect that.
        if (target === undefined) continue;
        if (target === null) return undefined;
        requires.set(spec, target);
        queue.push(target);
      } else {
        if (spec.startsWith('#') || nodeBuiltin(spec) !== undefined) return undefined;
        const other = resolveBareTarget(ctx.packages, ctx.installPath, spec, ctx.selfName);
        if (other.kind !== 'package') continue;
        externals.set(spec, other.url);
        requires.set(spec, `\0${spec}`);
      }
    }
  }
  return { code: render(ctx, entry, files, externals, names), externals, exports: exportList(names) };
}

/** Whether the JS parses as a function body. Compiling runs nothing; a refused eval means esbuild. */
function compiles(body: string): boolean {
  try {
    new Function('module', 'exports', 'require', 'process', 'global', '__filename', '__dirname', body);
    return true;
  } catch {
    return false;
  }
}

const ENV_IF = /\bif\s*\(\s*process\.env\.NODE_ENV\s*(===|!==|==|!=)\s*(['"])([^'"]*)\2\s*\)\s*\{/g;
/** Only small files (react's `index.js` switch): brace counting without a parser is safe there. */
const MAX_SWITCH_FILE = 8 * 1024;

/**
 * The blocks of `if (process.env.NODE_ENV === '…') {…} else {…}` that cannot run in this mode,
 * so the other build is not included (react's production and development files).
 */
function deadEnvBranches(code: string, mode: Mode): [number, number][] {
  if (code.length > MAX_SWITCH_FILE) return [];
  const dead: [number, number][] = [];
  for (const m of code.matchAll(ENV_IF)) {
    const equal = m[1].startsWith('=');
    const taken = equal === (m[3] === mode);
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(code, open);
    if (close < 0) return [];
    if (!taken) dead.push([open, close]);
    const elseMatch = /^\s*else\s*\{/.exec(code.slice(close + 1));
    if (elseMatch) {
      const elseOpen = close + elseMatch[0].length;
      const elseClose = matchingBrace(code, elseOpen);
      if (elseClose < 0) return [];
      if (taken) dead.push([elseOpen, elseClose]);
    }
  }
  return dead;
}

function matchingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A package file, undefined if there is none, null if it is not a plain file (esbuild decides). */
function tryRelative(pkg: PackageFiles, from: string, spec: string): string | null | undefined {
  try {
    const target = resolveRelativeIn(pkg, from, spec);
    return target.kind === 'file' ? target.path : null;
  } catch {
    return undefined;
  }
}

/** Sorted, as esbuild's metafile lists them. */
function exportList(names: string[]): string[] {
  const named = names.filter((n) => !['default', '__esModule', MODULE_EXPORTS].includes(n));
  return ['default', MODULE_EXPORTS, ...named].sort();
}

function render(
  ctx: WrapContext,
  entry: string,
  files: Map<string, { code: string; requires: Map<string, string> }>,
  externals: Map<string, string>,
  names: string[],
): string {
  const out: string[] = [];
  const ext = [...externals];
  ext.forEach(([, url], i) => out.push(`import * as __cove_ext${i} from ${JSON.stringify(url)};`));
  // Most packages read only NODE_ENV; a fuller stand-in only when they use more of `process`.
  const moreProcess = [...files.values()].some((f) =>
    /(?<![\w$.])process\b/.test(f.code.replace(/process\.env\.NODE_ENV/g, '')),
  );
  const env = `env: { NODE_ENV: ${JSON.stringify(ctx.mode)} }`;
  const shim = moreProcess
    ? `{ ${env}, browser: true, argv: [], versions: {}, platform: "browser", cwd: () => "/", nextTick: (f, ...a) => queueMicrotask(() => f(...a)) }`
    : `{ ${env} }`;
  out.push(
    `const __cove_process = ${shim};`,
    // What require() of another package gives: its real module.exports, or an ES module marked as such.
    `const __cove_interop = (ns) => (${JSON.stringify(MODULE_EXPORTS)} in ns ? ns[${JSON.stringify(MODULE_EXPORTS)}] : Object.assign({ __esModule: true }, ns));`,
    `const __cove_external = { ${ext.map(([spec], i) => `${JSON.stringify(spec)}: () => __cove_interop(__cove_ext${i})`).join(', ')} };`,
    'const __cove_files = {',
  );
  for (const [path, file] of files) {
    const map = Object.fromEntries(file.requires);
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const body =
      extname(path) === '.json' ? `module.exports = ${file.code.trim() || 'null'};` : file.code.replace(/^#!.*/, '');
    out.push(
      `${JSON.stringify(path)}: [${JSON.stringify(map)}, ${JSON.stringify(`/${path}`)}, ${JSON.stringify(`/${dir}`)}, function (module, exports, require, process, global, __filename, __dirname) {\n${body}\n}],`,
    );
  }
  out.push(
    '};',
    'const __cove_cache = {};',
    'function __cove_load(path) {',
    '  if (__cove_cache[path]) return __cove_cache[path].exports;',
    '  const [map, filename, dirname, run] = __cove_files[path];',
    '  const module = (__cove_cache[path] = { exports: {}, id: filename, loaded: false });',
    '  const require = (spec) => {',
    '    const to = map[spec];',
    '    if (to === undefined) throw new Error("Cannot find module \'" + spec + "\' from \'" + filename + "\'");',
    '    return to[0] === "\\0" ? __cove_external[to.slice(1)]() : __cove_load(to);',
    '  };',
    '  run.call(module.exports, module, module.exports, require, __cove_process, globalThis, filename, dirname);',
    '  module.loaded = true;',
    '  return module.exports;',
    '}',
    // The facade's own `require` of the entry lands here; its exports follow the esbuild path's.
    'function require(spec) { return __cove_load(spec.slice(1)); }',
    cjsFacade(`/${entry}`, names),
  );
  return out.join('\n') + '\n';
}
