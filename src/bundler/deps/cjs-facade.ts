/**
 * ESM facades for CommonJS entries. Bundling a CommonJS entry to ESM yields only a default
 * export, so the facade re-exports each name cjs-module-lexer finds (following `reexports`
 * such as react's `module.exports = require('./cjs/react.development.js')`), the export
 * `default` with Babel/esbuild interop, and the real `module.exports` under a reserved name so a
 * `require()` of this package from another bundle gets the very same object.
 */
import { init as lexerInit, parse as lexCjs } from 'cjs-module-lexer';

/** The string export name that carries a CommonJS package's real `module.exports`. */
export const MODULE_EXPORTS = 'module.exports';

export interface CjsSource {
  /** Identifies the module (visited once); also shown in problems. */
  id: string;
  code: string;
}

/** Finds the module a `reexports` specifier means when written in `from`; undefined if none. */
export type ReexportLoader = (from: CjsSource, spec: string) => Promise<CjsSource | undefined>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names the facade provides itself, or that only describe the interop. */
const NOT_NAMED = new Set(['default', '__esModule', MODULE_EXPORTS]);
/** A guard against pathological reexport chains. */
const MAX_MODULES = 500;

let lexerReady: Promise<void> | undefined;

/** Named exports of a CommonJS module, following reexports; problems are reasons a name may be missing. */
export async function cjsExportNames(
  entry: CjsSource,
  load: ReexportLoader,
): Promise<{ names: string[]; problems: string[] }> {
  lexerReady ??= lexerInit();
  await lexerReady;
  const names = new Set<string>();
  const problems: string[] = [];
  const seen = new Set<string>([entry.id]);
  const queue: CjsSource[] = [entry];
  while (queue.length && seen.size <= MAX_MODULES) {
    const mod = queue.shift()!;
    let found: { exports: string[]; reexports: string[] };
    try {
      found = lexCjs(mod.code, mod.id);
    } catch (error) {
      // ESM syntax in a reexported file: its names are not CommonJS names; other errors are worth saying.
      if ((error as { code?: string }).code !== 'ERR_LEXER_ESM_SYNTAX') {
        problems.push(`Cannot read the exports of ${mod.id}: ${error instanceof Error ? error.message : error}`);
      }
      continue;
    }
    for (const name of found.exports) if (!NOT_NAMED.has(name)) names.add(name);
    for (const spec of found.reexports) {
      const next = await load(mod, spec).catch((error: unknown) => {
        problems.push(
          `Cannot follow require('${spec}') in ${mod.id}: ${error instanceof Error ? error.message : error}`,
        );
        return undefined;
      });
      if (next && !seen.has(next.id)) {
        seen.add(next.id);
        queue.push(next);
      }
    }
  }
  return { names: [...names].sort(), problems };
}

function exportName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * The facade module: `entrySpec` is required (so esbuild bundles it as CommonJS and hands back
 * `module.exports` itself); names are read once, after the module ran, as Node's ESM loader does.
 */
export function cjsFacade(entrySpec: string, names: readonly string[]): string {
  const lines = [
    `var __cove_m = require(${JSON.stringify(entrySpec)});`,
    // Babel-compiled CommonJS marks itself `__esModule`: its default is `exports.default`, as bundlers agree.
    `var __cove_default = __cove_m != null && __cove_m.__esModule && "default" in __cove_m ? __cove_m.default : __cove_m;`,
  ];
  const specifiers = ['__cove_default as default', `__cove_m as ${JSON.stringify(MODULE_EXPORTS)}`];
  names.forEach((name, i) => {
    if (NOT_NAMED.has(name)) return;
    lines.push(`var __cove_e${i} = __cove_m == null ? undefined : __cove_m[${JSON.stringify(name)}];`);
    specifiers.push(`__cove_e${i} as ${exportName(name)}`);
  });
  lines.push(`export { ${specifiers.join(', ')} };`);
  return lines.join('\n') + '\n';
}
