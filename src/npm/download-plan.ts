/**
 * Which locked packages the browser needs files for: the project's runtime dependencies,
 * whatever project code imports (even a devDependency), and `@types/*` for IntelliSense, each
 * with everything it depends on. Build tooling reached only through devDependencies (vite,
 * typescript, linters) stays locked but is never downloaded, and platform binaries (any
 * package restricted by `os`/`cpu`) never run in a browser.
 */
import { splitBareSpecifier, type Lockfile } from '../shared/npm';
import { compareLocation } from './placement';
import { lookupInstallPath } from './tree-lookup';

/** `types: false` leaves out the `@types/*` packages (the preview does not need them to run). */
export function planDownloads(lock: Lockfile, opts: { imported: Iterable<string>; types?: boolean }): string[] {
  const root = lock.packages[''] ?? {};
  const starts = new Set<string>([
    ...Object.keys(root.dependencies ?? {}),
    ...Object.keys(root.optionalDependencies ?? {}),
    ...Object.keys(root.peerDependencies ?? {}),
    ...(opts.types === false ? [] : Object.keys(root.devDependencies ?? {}).filter((n) => n.startsWith('@types/'))),
  ]);
  for (const spec of opts.imported) starts.add(splitBareSpecifier(spec).name);

  const plan = new Set<string>();
  const visit = (from: string, name: string) => {
    const path = lookupInstallPath(lock, from, name);
    if (!path || plan.has(path)) return;
    const entry = lock.packages[path];
    if (!entry || typeof entry.version !== 'string' || (entry as { link?: boolean }).link) return;
    if (entry.os?.length || entry.cpu?.length) return;
    plan.add(path);
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const deps = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers[peer]?.optional),
    ];
    for (const dep of deps) visit(path, dep);
  };
  for (const name of [...starts].sort(compareLocation)) visit('', name);
  return [...plan].sort(compareLocation);
}

/** The runtime packages' places and versions: equal signatures mean equal `/@npm/` URLs. */
export function runtimeSignature(lock: Lockfile, imported: Iterable<string>): string {
  return planDownloads(lock, { imported, types: false })
    .map((path) => `${path}@${lock.packages[path]?.version}`)
    .join('\n');
}
