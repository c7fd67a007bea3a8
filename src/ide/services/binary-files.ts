/** Every binary file of a project with its bytes (for a bundler that cannot read the blob store itself). */
import type { ProjectFiles } from '../../fs/types';

export async function binaryFiles(files: ProjectFiles): Promise<{ path: string; bytes: Uint8Array }[]> {
  const out: { path: string; bytes: Uint8Array }[] = [];
  for (const f of files.list()) {
    if (files.kindOf(f.path) !== 'binary') continue;
    const bytes = await files.readBinary(f.path).catch(() => undefined);
    if (bytes) out.push({ path: f.path, bytes });
  }
  return out;
}
