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

/**
 * The same module without esbuild: valid JSON needs no compiler. Undefined for invalid JSON, so
 * that esbuild reports it with a line and column. The value is parsed once at run time from a
 * string (faster than an object literal for large files, and `__proto__` stays a plain key).
 */
/** Export names must be well-formed Unicode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function compileJsonFast(source: string): CompileOutput | undefined {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  const lines = [`const data = JSON.parse(${JSON.stringify(JSON.stringify(value))});`, 'export default data;'];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    Object.keys(value)
      .filter((key) => key !== 'default' && !LONE_SURROGATE.test(key))
      .forEach((key, i) =>
        lines.push(`const k${i} = data[${JSON.stringify(key)}];`, `export { k${i} as ${JSON.stringify(key)} };`),
      );
  }
  return { code: lines.join('\n') + '\n', warnings: [], errors: [] };
}
