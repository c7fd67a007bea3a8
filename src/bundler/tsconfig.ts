/**
 * The compiler options esbuild needs from a project's tsconfig (JSX settings, decorators,
 * class fields). Reads JSONC, follows relative `extends`, and for Vite's layout
 * (`tsconfig.json` with only `references`) picks the referenced config that covers a file.
 */
import { dirname, joinPath } from '../shared/paths';
import type { ProjectFiles } from '../fs/types';
import { parseJsonc } from '../shared/jsonc';

/** The subset of compilerOptions that changes esbuild's per-file output. */
const ESBUILD_OPTIONS = [
  'jsx',
  'jsxFactory',
  'jsxFragmentFactory',
  'jsxImportSource',
  'experimentalDecorators',
  'useDefineForClassFields',
  'verbatimModuleSyntax',
  'preserveValueImports',
  'importsNotUsedAsValues',
  'alwaysStrict',
  'target',
] as const;

export type CompilerOptions = Record<string, unknown>;

interface ConfigFile {
  path: string;
  compilerOptions: CompilerOptions;
  include?: string[];
  references: string[];
  hasCompilerOptions: boolean;
}

function readConfig(files: ProjectFiles, path: string, seen = new Set<string>()): ConfigFile | undefined {
  const text = files.readText(path);
  if (text === undefined || seen.has(path)) return undefined;
  seen.add(path);
  let json: Record<string, unknown>;
  try {
    const parsed = parseJsonc(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    json = parsed as Record<string, unknown>;
  } catch {
    return undefined; // A broken tsconfig is the editor's problem; compile with defaults meanwhile.
  }
  const own = isRecord(json.compilerOptions) ? json.compilerOptions : undefined;
  let inherited: CompilerOptions = {};
  for (const ext of typeof json.extends === 'string'
    ? [json.extends]
    : Array.isArray(json.extends)
      ? json.extends
      : []) {
    // Only project files: packages such as `@tsconfig/strictest` are not available.
    if (typeof ext !== 'string' || !(ext.startsWith('./') || ext.startsWith('../'))) continue;
    const target = safeJoin(dirname(path), ext.endsWith('.json') ? ext : ext + '.json');
    const parent = target && readConfig(files, target, seen);
    if (parent) inherited = { ...inherited, ...parent.compilerOptions };
  }
  const references = Array.isArray(json.references)
    ? json.references.flatMap((r) => (isRecord(r) && typeof r.path === 'string' ? [r.path] : []))
    : [];
  return {
    path,
    compilerOptions: { ...inherited, ...pick(own ?? {}) },
    include: Array.isArray(json.include) ? json.include.filter((x): x is string => typeof x === 'string') : undefined,
    references: references.flatMap((r) => {
      const p = safeJoin(dirname(path), r.endsWith('.json') ? r : `${r}/tsconfig.json`);
      return p ? [p] : [];
    }),
    hasCompilerOptions: own !== undefined || Object.keys(inherited).length > 0,
  };
}

/** Compiler options per file of a project; build once per tsconfig change. */
export class TsconfigResolver {
  private readonly root: ConfigFile | undefined;
  private readonly refs: ConfigFile[];
  private readonly byConfig = new Map<ConfigFile | undefined, { options: CompilerOptions; key: string }>();

  constructor(files: ProjectFiles) {
    this.root = readConfig(files, 'tsconfig.json');
    this.refs =
      this.root && !this.root.hasCompilerOptions ? this.root.references.flatMap((r) => readConfig(files, r) ?? []) : [];
  }

  /** Options for `path` and a stable string key of them (part of the compile cache key). */
  forFile(path: string): { options: CompilerOptions; key: string } {
    const config = this.configFor(path);
    let entry = this.byConfig.get(config);
    if (!entry) {
      const options = config?.compilerOptions ?? {};
      entry = { options, key: JSON.stringify(options) };
      this.byConfig.set(config, entry);
    }
    return entry;
  }

  private configFor(path: string): ConfigFile | undefined {
    if (!this.refs.length) return this.root;
    const covering = this.refs.find((ref) =>
      ref.include?.some((pattern) => includes(dirname(ref.path), pattern, path)),
    );
    // Vite's tsconfig.node.json covers vite.config.ts; the app config covers everything else.
    return covering ?? this.refs.find((ref) => !/node/.test(ref.path)) ?? this.refs[0];
  }
}

/** A simple `include` check: the pattern's part before any wildcard must be a prefix of the file. */
function includes(configDir: string, pattern: string, path: string): boolean {
  const literal = pattern.split(/[*?{]/)[0].replace(/\/$/, '');
  const base = literal === '' || literal === '.' ? configDir : safeJoin(configDir, literal);
  if (base === undefined) return false;
  if (base === '') return true;
  return path === base || path.startsWith(base + '/');
}

function pick(options: Record<string, unknown>): CompilerOptions {
  const out: CompilerOptions = {};
  for (const k of ESBUILD_OPTIONS) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

/** Join to a project path; '' for the root itself, undefined if it leaves the project. */
function safeJoin(...parts: string[]): string | undefined {
  const joined = parts.filter(Boolean).join('/');
  if (joined.split('/').every((s) => s === '' || s === '.')) return '';
  try {
    return joinPath(joined);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True if a change to `path` can change compiler options. */
export function isTsconfigPath(path: string): boolean {
  return /(^|\/)tsconfig[^/]*\.json$/.test(path);
}
