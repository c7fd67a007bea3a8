/**
 * TS/TSX/JS/JSX/MJS/MTS -> browser ESM via esbuild `transform`, one file at a time
 * (isolatedModules semantics). Inline source maps name the file by its URL path so DevTools
 * and stack traces show the original source.
 */
import { extname } from '../../shared/paths';
import type { CompileOutput } from '../compile-cache';
import { esbuildErrors, fromEsbuildMessages } from '../diagnostics';
import type { ViteEnv } from '../env';
import type { CompilerOptions } from '../tsconfig';
import type { EsbuildApi } from './types';

export interface ScriptInput {
  path: string;
  url: string;
  source: string;
  compilerOptions: CompilerOptions;
  env: ViteEnv;
}

/** esbuild's loader for each script extension (the page bundler uses the same table). */
export const SCRIPT_LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.jsx': 'jsx',
};

/** Defines for `import.meta.env`: each key inlined as a constant, the whole object for other uses. */
export function envDefines(env: ViteEnv): Record<string, string> {
  const defines: Record<string, string> = { 'import.meta.env': JSON.stringify(env) };
  for (const [k, v] of Object.entries(env))
    if (/^[A-Za-z_$][\w$]*$/.test(k)) defines[`import.meta.env.${k}`] = JSON.stringify(v);
  return defines;
}

export async function compileScript(esbuild: EsbuildApi, input: ScriptInput): Promise<CompileOutput> {
  try {
    const result = await esbuild.transform(input.source, {
      loader: SCRIPT_LOADERS[extname(input.path)] ?? 'js',
      format: 'esm',
      target: 'esnext',
      sourcemap: 'inline',
      sourcefile: input.url,
      sourcesContent: true,
      charset: 'utf8',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: input.compilerOptions },
      // Only modules that mention it pay for the defines.
      ...(input.source.includes('import.meta.env') ? { define: envDefines(input.env) } : {}),
    });
    return { code: result.code, warnings: fromEsbuildMessages(result.warnings, input.path, 'warning'), errors: [] };
  } catch (error) {
    return { code: '', warnings: [], errors: fromEsbuildMessages(esbuildErrors(error), input.path, 'error') };
  }
}
