/**
 * Rewrites the import specifiers of compiled JS to the canonical URLs of the files they
 * resolve to (static imports, re-exports, dynamic imports with string literals). Runs per
 * request because the answer depends on which files exist right now.
 */
import { parse } from 'es-module-lexer';
import type { ProjectFiles } from '../fs/types';
import type { DiagnosticFix } from '../shared/protocol';
import { resolveImport } from './resolve';

/** How a bare (npm package) specifier in project code resolves: a `/@npm/` URL, or why not. */
export type BareResolution =
  | { url: string }
  | { message: string; fix?: DiagnosticFix; /** an install in progress may change the answer */ pending?: boolean };

export interface ImportProblem {
  specifier: string;
  /** Offset of the specifier in the compiled code. */
  offset: number;
  message: string;
  /** The project path a missing import looked for (a create there may fix it). */
  tried?: string;
  fix?: DiagnosticFix;
  /** A bare import that an install in progress may still resolve. */
  pending?: boolean;
}

export interface RewriteResult {
  code: string;
  /** Project paths this module imports. */
  imports: string[];
  problems: ImportProblem[];
  /** Names this module exports (for stand-ins when a later version breaks). */
  exportNames: string[];
  /** Whether the module imports npm packages (its output depends on the installed tree). */
  usesPackages: boolean;
}

/** es-module-lexer's `init` must have resolved before calling this. */
export function rewriteImports(
  code: string,
  importer: string,
  files: ProjectFiles,
  resolveBare?: (spec: string) => BareResolution,
): RewriteResult {
  const [imports, exports] = parse(code);
  const imported: string[] = [];
  const problems: ImportProblem[] = [];
  let usesPackages = false;
  let out = '';
  let last = 0;
  for (const imp of imports) {
    if (imp.type === 'import-meta' || imp.specifier === undefined) continue;
    if (imp.type === 'dynamic' ? imp.glob : imp.typeOnly) continue;
    const spec = imp.specifier;
    const resolution = resolveImport(files, importer, spec);
    if (resolution.kind === 'external') continue;
    if (resolution.kind === 'bare' && resolveBare) {
      usesPackages = true;
      const bare = resolveBare(spec);
      if ('url' in bare) {
        out += code.slice(last, imp.start) + quoted(code, imp, bare.url);
        last = imp.end;
      } else {
        problems.push({
          specifier: spec,
          offset: imp.start,
          message: bare.message,
          ...(bare.fix ? { fix: bare.fix } : {}),
          ...(bare.pending ? { pending: true } : {}),
        });
      }
      continue;
    }
    if (resolution.kind !== 'file') {
      problems.push({
        specifier: spec,
        offset: imp.start,
        message: resolution.message,
        ...(resolution.kind === 'missing' && resolution.tried ? { tried: resolution.tried } : {}),
      });
      continue;
    }
    imported.push(resolution.path);
    if (resolution.url === spec) continue;
    out += code.slice(last, imp.start) + quoted(code, imp, resolution.url);
    last = imp.end;
  }
  out += code.slice(last);
  return {
    code: out,
    imports: imported,
    problems,
    exportNames: exports
      .filter((e) => e.type !== 'reexport-all' && !e.typeOnly)
      .map((e) => (e as { name: string }).name),
    usesPackages,
  };
}

/** Static imports span the specifier's text; a dynamic import's string literal includes its quotes. */
function quoted(code: string, imp: { type: unknown; start: number }, url: string): string {
  const quote = imp.type === 'dynamic' ? code[imp.start] : '';
  return quote + url + quote;
}
