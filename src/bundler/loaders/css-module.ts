/**
 * `.module.css`: esbuild `build` with the `local-css` loader over an in-memory plugin yields
 * scoped CSS plus the class-name map. Class names are prefixed with the file's path so two
 * `Button.module.css` in different folders never collide. `composes ... from` other project
 * files works through the same plugin; `url()` and `@import` stay external, root-absolute.
 */
import { resolveRelative } from '../../shared/paths';
import type { CompileOutput } from '../compile-cache';
import { esbuildErrors, fromEsbuildMessages } from '../diagnostics';
import { fileUrl, splitQuery } from '../resolve';
import { styleUpsert } from './css';
import type { EsbuildApi } from './types';

const NAMESPACE = 'cove';

/** `src/a/Button.module.css` -> `src_a_Button.module.css`: esbuild names classes after the file. */
function virtualName(path: string): string {
  return path.replace(/[^\w.]/g, '_');
}

export async function compileCssModule(
  esbuild: EsbuildApi,
  path: string,
  readText: (path: string) => string | undefined,
): Promise<CompileOutput> {
  const realPath = new Map<string, string>([[virtualName(path), path]]);
  try {
    const result = await esbuild.build({
      stdin: { contents: `export { default } from ${JSON.stringify(virtualName(path))};`, loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      outdir: '/out',
      logLevel: 'silent',
      charset: 'utf8',
      plugins: [
        {
          name: 'cove-project-files',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => {
              const importer = realPath.get(args.importer) ?? path;
              if (args.kind === 'url-token' || args.kind === 'import-rule') {
                const { base } = splitQuery(args.path);
                const target = /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(base) ? undefined : resolveRelative(importer, base);
                return {
                  path: target === undefined ? args.path : fileUrl(target) + args.path.slice(base.length),
                  external: true,
                };
              }
              if (args.kind === 'entry-point' || args.importer === '<stdin>')
                return { path: args.path, namespace: NAMESPACE };
              const target = resolveRelative(importer, args.path);
              if (target === undefined) return { errors: [{ text: `Cannot find '${args.path}' from ${importer}` }] };
              realPath.set(virtualName(target), target);
              return { path: virtualName(target), namespace: NAMESPACE };
            });
            build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
              const file = realPath.get(args.path)!;
              const contents = readText(file);
              if (contents === undefined) return { errors: [{ text: `Cannot find module '${file}'` }] };
              return { contents, loader: file.endsWith('.module.css') ? 'local-css' : 'css' };
            });
          },
        },
      ],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? 'export default {};';
    const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
    return { code: js, css, warnings: fromEsbuildMessages(result.warnings, path, 'warning'), errors: [] };
  } catch (error) {
    return { code: '', warnings: [], errors: fromEsbuildMessages(esbuildErrors(error), path, 'error') };
  }
}

/** The served module: the style upsert, then esbuild's class map as default export. */
export function cssModuleServed(path: string, output: CompileOutput): string {
  return styleUpsert(path, output.css ?? '') + output.code;
}
