/**
 * The project's tsconfig.json mapped to Monaco TypeScript compiler options. Pure (no Monaco import) so
 * Node tests can run it; the numbers are TypeScript's own enum values, which Monaco passes through.
 */
import { parseJsonc } from '../../shared/jsonc';

/** TypeScript enum values (ts.ScriptTarget, ts.ModuleKind, ts.JsxEmit, ts.ModuleResolutionKind). */
export const TS = {
  target: { ESNext: 99 },
  module: { ESNext: 99 },
  moduleResolution: { NodeJs: 2, Bundler: 100 },
  jsx: { preserve: 1, react: 2, 'react-native': 3, 'react-jsx': 4, 'react-jsxdev': 5 } as Record<string, number>,
} as const;

export type MonacoCompilerOptions = Record<string, string | number | boolean | string[] | undefined>;

export interface TsconfigInput {
  /** `compilerOptions` as written in the project's tsconfig (possibly merged from a referenced one). */
  compilerOptions?: Record<string, unknown>;
}

/** Options that are always set: the editor type-checks only, with bundler-style imports. */
const BASE: MonacoCompilerOptions = {
  target: TS.target.ESNext,
  module: TS.module.ESNext,
  // Monaco's TS worker resolves through its in-memory models; Bundler resolution works with TS 5.x.
  moduleResolution: TS.moduleResolution.Bundler,
  allowImportingTsExtensions: true,
  allowNonTsExtensions: true,
  allowJs: true,
  noEmit: true,
  isolatedModules: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  lib: ['esnext', 'dom', 'dom.iterable'],
  jsx: TS.jsx['react-jsx'],
  strict: true,
};

const BOOLEAN_FLAGS = [
  'strict',
  'noImplicitAny',
  'strictNullChecks',
  'noUnusedLocals',
  'noUnusedParameters',
  'noFallthroughCasesInSwitch',
  'noImplicitReturns',
  'noUncheckedIndexedAccess',
  'exactOptionalPropertyTypes',
  'experimentalDecorators',
  'useDefineForClassFields',
  'checkJs',
  'allowJs',
  'verbatimModuleSyntax',
] as const;

export interface MappedOptions {
  options: MonacoCompilerOptions;
  /** `types` entries the editor provides itself as ambient declarations (e.g. `vite/client`). */
  ambientTypes: string[];
  /** The other `types` entries: passed on once their packages' declarations are installed (see `withInstalledTypes`). */
  requestedTypes: string[];
}

/** Type packages Cove supplies as ambient declarations (build tooling such as vite is locked, not downloaded). */
const PROVIDED_TYPES = new Set(['vite/client']);

export function mapCompilerOptions(config: TsconfigInput | undefined): MappedOptions {
  const co = (config?.compilerOptions ?? {}) as Record<string, unknown>;
  const options: MonacoCompilerOptions = { ...BASE };
  for (const flag of BOOLEAN_FLAGS) if (typeof co[flag] === 'boolean') options[flag] = co[flag] as boolean;
  if (typeof co.jsx === 'string' && co.jsx.toLowerCase() in TS.jsx) options.jsx = TS.jsx[co.jsx.toLowerCase()];
  for (const key of ['jsxFactory', 'jsxFragmentFactory', 'jsxImportSource'] as const) {
    if (typeof co[key] === 'string') options[key] = co[key] as string;
  }
  if (Array.isArray(co.lib))
    options.lib = co.lib.filter((l): l is string => typeof l === 'string').map((l) => l.toLowerCase());
  const types = Array.isArray(co.types) ? co.types.filter((t): t is string => typeof t === 'string') : [];
  // An empty list stops TypeScript from looking for @types packages that are not there; installed type
  // files are root files of the editor's program anyway (Monaco's extra libs), so globals still apply.
  options.types = [];
  return {
    options,
    ambientTypes: types.filter((t) => PROVIDED_TYPES.has(t)),
    requestedTypes: types.filter((t) => !PROVIDED_TYPES.has(t)),
  };
}

/**
 * The options with the tsconfig's `types` entries whose declarations are installed (`node` when
 * `node_modules/@types/node/...` or `node_modules/node/...` is among `typeFiles`). Entries that are not
 * there are left out: TypeScript would report each as a missing type definition.
 */
export function withInstalledTypes(mapped: MappedOptions, typeFiles: ReadonlySet<string>): MonacoCompilerOptions {
  const present = (entry: string) => {
    const prefixes = [`node_modules/@types/${entry}/`, `node_modules/${entry}/`];
    const file = `node_modules/${entry}.d.ts`;
    for (const path of typeFiles) if (path === file || prefixes.some((p) => path.startsWith(p))) return true;
    return false;
  };
  return { ...mapped.options, types: mapped.requestedTypes.filter(present) };
}

/**
 * Vite projects often keep options in a referenced file (`tsconfig.json` has `files: []` and
 * `references: [{ path: './tsconfig.app.json' }]`). Pick the config that covers the app sources.
 */
export function effectiveTsconfig(readText: (path: string) => string | undefined): TsconfigInput | undefined {
  const root = safeParse(readText('tsconfig.json'));
  if (!root) return safeParse(readText('jsconfig.json'));
  const refs = Array.isArray(root.references) ? root.references : [];
  if (root.compilerOptions || !refs.length) return root;
  const paths = refs.map((r) => (r as { path?: unknown })?.path).filter((p): p is string => typeof p === 'string');
  const ordered = [...paths.filter((p) => /app/.test(p)), ...paths.filter((p) => !/app/.test(p))];
  for (const p of ordered) {
    const file = p.replace(/^\.\//, '').replace(/\/$/, '');
    const ref = safeParse(readText(file.endsWith('.json') ? file : `${file}/tsconfig.json`));
    if (ref) return ref;
  }
  return root;
}

function safeParse(text: string | undefined): (TsconfigInput & { references?: unknown }) | undefined {
  if (text === undefined) return undefined;
  try {
    const v = parseJsonc(text);
    return v && typeof v === 'object' ? (v as TsconfigInput) : undefined;
  } catch {
    return undefined;
  }
}
