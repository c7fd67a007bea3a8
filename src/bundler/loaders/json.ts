/** JSON imported from a module: default export of the value plus a named export per top-level key. */
import type { CompileOutput } from '../compile-cache';
import { esbuildErrors, fromEsbuildMessages } from '../diagnostics';
import type { EsbuildApi } from './types';

export async function compileJson(esbuild: EsbuildApi, path: string, source: string): Promise<CompileOutput> {
  try {
    // esbuild's json loader also handles keys that are not identifiers (`export { x as "a-b" }`).
    const result = await esbuild.transform(source, {
      loader: 'json',
      format: 'esm',
      sourcefile: path,
      logLevel: 'silent',
    });
    return { code: result.code, warnings: [], errors: [] };
  } catch (error) {
    return { code: '', warnings: [], errors: fromEsbuildMessages(esbuildErrors(error), path, 'error') };
  }
}
