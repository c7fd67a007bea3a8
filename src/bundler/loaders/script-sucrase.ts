/**
 * The fast path for TS/TSX/JS/JSX: Sucrase, in this thread. Each esbuild-wasm call costs a
 * round trip to its worker plus a fixed few milliseconds, and nothing at all can compile until
 * esbuild-wasm has started; Sucrase strips types and compiles JSX in a fraction of a millisecond
 * for a typical module, keeps every line where it was, and needs no start-up.
 *
 * It only takes files whose output would match esbuild's: anything it does not do the same way
 * (decorators, `import.meta.env` defines, class fields with assign semantics, unusual JSX
 * settings) returns undefined, and so does any file it fails to parse, so that esbuild compiles
 * it and reports the error with its own, better message.
 */
import { transform, type Options, type Transform } from 'sucrase';
import { extname } from '../../shared/paths';
import type { CompileOutput } from '../compile-cache';
import type { CompilerOptions } from '../tsconfig';

export interface FastScriptInput {
  path: string;
  url: string;
  source: string;
  compilerOptions: CompilerOptions;
}

/** Part of the cache key: outputs of the two compilers never share an entry. */
export const SUCRASE_KEY = 'sucrase-3.35.1';

/** A decorator at the start of a line or before a parameter; comments and strings may false-positive (then esbuild runs). */
const DECORATOR = /(^[ \t]*|[(,][ \t]*)@[A-Za-z_$]/m;
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.tsx']);
const JSX_EXTENSIONS = new Set(['.tsx', '.jsx']);

/** Sucrase's options for this file, or undefined when esbuild must compile it. */
export function sucraseOptions(path: string, source: string, options: CompilerOptions): Options | undefined {
  const ext = extname(path);
  if (!TS_EXTENSIONS.has(ext) && !JSX_EXTENSIONS.has(ext) && ext !== '.js' && ext !== '.mjs') return undefined;
  if (source.includes('import.meta.env') || DECORATOR.test(source)) return undefined;
  if (options.experimentalDecorators) return undefined;
  if (!definesClassFields(options)) return undefined;
  const imports = options.importsNotUsedAsValues;
  if (imports !== undefined && imports !== 'remove') return undefined;

  const transforms: Transform[] = [];
  if (TS_EXTENSIONS.has(ext)) transforms.push('typescript');
  const jsx: Partial<Options> = {};
  if (JSX_EXTENSIONS.has(ext)) {
    transforms.push('jsx');
    const mode = options.jsx;
    if (mode === 'react-jsx' || mode === 'react-jsxdev') {
      jsx.jsxRuntime = 'automatic';
      jsx.production = mode === 'react-jsx';
      if (typeof options.jsxImportSource === 'string') jsx.jsxImportSource = options.jsxImportSource;
    } else if (mode === undefined || mode === 'react') {
      jsx.jsxRuntime = 'classic';
      if (typeof options.jsxFactory === 'string') jsx.jsxPragma = options.jsxFactory;
      if (typeof options.jsxFragmentFactory === 'string') jsx.jsxFragmentPragma = options.jsxFragmentFactory;
    } else {
      return undefined; // preserve, react-native: esbuild's behaviour is the reference.
    }
  }
  return {
    transforms,
    ...jsx,
    // The browser runs modern syntax as written: only types and JSX go.
    disableESTransforms: true,
    keepUnusedImports: options.verbatimModuleSyntax === true || options.preserveValueImports === true,
    preserveDynamicImport: true,
    filePath: path,
  };
}

/**
 * TypeScript's rule, as esbuild applies it: class fields are defined (not assigned) when
 * `useDefineForClassFields` says so or, unset, when the target is ES2022 or later (or unset,
 * as esbuild then uses its own `esnext`).
 */
function definesClassFields(options: CompilerOptions): boolean {
  if (typeof options.useDefineForClassFields === 'boolean') return options.useDefineForClassFields;
  const target = typeof options.target === 'string' ? options.target.toLowerCase() : 'esnext';
  const year = /^es(\d{4})$/.exec(target)?.[1];
  return target === 'esnext' || (year !== undefined && Number(year) >= 2022);
}

/** The compiled module, or undefined when esbuild must do it (see the file comment). */
export function compileScriptFast(input: FastScriptInput): CompileOutput | undefined {
  const options = sucraseOptions(input.path, input.source, input.compilerOptions);
  if (!options) return undefined;
  try {
    const result = transform(input.source, { ...options, sourceMapOptions: { compiledFilename: input.url } });
    const map = { ...result.sourceMap, sources: [input.url], sourcesContent: [input.source] };
    return { code: `${result.code}\n//# sourceMappingURL=${jsonDataUrl(map)}\n`, warnings: [], errors: [] };
  } catch {
    return undefined;
  }
}

function jsonDataUrl(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:application/json;base64,${btoa(binary)}`;
}
