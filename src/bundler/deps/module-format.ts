/** Whether a package file (or a package entry) is CommonJS: what decides facades and interop. */
import { init as esmLexerInit, parse as parseEsm } from 'es-module-lexer';
import { extname } from '../../shared/paths';
import { resolveEntry, type Mode } from './package-resolve';
import type { PackageLoader } from './installed-tree';

const ESM_SYNTAX = /(?:^|[\s;}])(?:import\s*[\w{*"']|export\s*[\w{*]|import\.meta\b)/m;

let esmLexerReady: Promise<void> | undefined;

/** CommonJS unless the file uses module syntax (`.mjs` is always ESM, `.cjs` always CommonJS). */
export async function isCommonJs(path: string, code: string): Promise<boolean> {
  const ext = extname(path);
  if (ext === '.cjs') return true;
  if (ext !== '.js') return false;
  esmLexerReady ??= esmLexerInit();
  await esmLexerReady;
  try {
    return !parseEsm(code)[3];
  } catch {
    return !ESM_SYNTAX.test(code);
  }
}

/** Whether `import` of an installed package's entry lands on CommonJS; false when unsure. */
export async function entryIsCommonJs(
  loader: PackageLoader,
  installPath: string,
  subpath: string,
  mode: Mode,
): Promise<boolean> {
  try {
    const pkg = await loader.get(installPath);
    const target = resolveEntry(pkg, subpath, { mode });
    return target.kind === 'file' && (await isCommonJs(target.path, pkg.text(target.path) ?? ''));
  } catch {
    // Its own bundle reports what is wrong with it.
    return false;
  }
}
