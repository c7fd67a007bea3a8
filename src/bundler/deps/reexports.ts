/**
 * The named exports of a CommonJS entry, found by cjs-module-lexer across the files its
 * `reexports` lead to: relative files, `#imports`, and entries of other installed packages
 * (resolved with the `require` condition, as Node would load them).
 */
import type { InstalledPackages } from '../../npm/types';
import { cjsExportNames, type CjsSource } from './cjs-facade';
import { resolveBareTarget, type PackageLoader } from './installed-tree';
import {
  type PackageFiles,
  browserModuleMapping,
  resolveEntry,
  resolveHashImport,
  resolveRelativeIn,
  type Mode,
  type PackageTarget,
} from './package-resolve';

/** Files the lexer can read: CommonJS is never `.mjs`, and JSON has no exports to find. */
const LEXABLE = /\.(?:js|cjs)$/;

interface Located {
  installPath: string;
  pkg: PackageFiles;
  file: string;
}

/** Names for the facade of CommonJS file `file` of the package at `installPath`. */
export async function facadeNames(
  packages: InstalledPackages,
  loader: PackageLoader,
  installPath: string,
  file: string,
  mode: Mode,
): Promise<{ names: string[]; problems: string[] }> {
  const where = new Map<string, Located>();
  const source = (at: Located): CjsSource | undefined => {
    const code = LEXABLE.test(at.file) ? at.pkg.text(at.file) : undefined;
    if (code === undefined) return undefined;
    const id = `${at.pkg.name}@${at.pkg.version}/${at.file}`;
    where.set(id, at);
    return { id, code };
  };
  const start = source({ installPath, pkg: await loader.get(installPath), file });
  if (!start) return { names: [], problems: [] };

  const follow = async (from: CjsSource, spec: string): Promise<CjsSource | undefined> => {
    const at = where.get(from.id)!;
    const opts = { mode, require: true };
    let target: PackageTarget;
    if (spec.startsWith('.')) target = resolveRelativeIn(at.pkg, at.file, spec);
    else if (spec.startsWith('#')) target = resolveHashImport(at.pkg, spec, opts);
    else target = browserModuleMapping(at.pkg, spec) ?? { kind: 'bare', spec };
    if (target.kind === 'file') return source({ ...at, file: target.path });
    if (target.kind === 'empty') return undefined;
    const bare = resolveBareTarget(packages, at.installPath, target.spec, at.pkg.manifest.name ?? at.pkg.name);
    if (bare.kind === 'missing') return undefined;
    const other = await loader.get(bare.installPath);
    const entry = resolveEntry(other, bare.subpath, opts);
    return entry.kind === 'file' ? source({ installPath: bare.installPath, pkg: other, file: entry.path }) : undefined;
  };
  return cjsExportNames(start, follow);
}
