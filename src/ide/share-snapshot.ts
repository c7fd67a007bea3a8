/** The open project as a snapshot share link (format in src/fs/share-link.ts). */
import { encodeShareLink } from '../fs/share-link';
import type { ProjectFiles } from '../fs/types';

/** Above this many characters, chat apps and some sites cut links: the dialog suggests the live link. */
export const LONG_SHARE_LINK = 8000;

export async function snapshotLink(
  appUrl: string,
  files: ProjectFiles,
  options: { open?: string; title?: string },
): Promise<string> {
  const contents: Record<string, string | Uint8Array> = {};
  for (const info of files.list()) {
    const value = info.kind === 'text' ? files.readText(info.path) : await files.readBinary(info.path);
    if (value === undefined) throw new Error(`Could not read "${info.path}" (its content is missing from storage).`);
    contents[info.path] = value;
  }
  const open = options.open !== undefined && options.open in contents ? options.open : undefined;
  return encodeShareLink(appUrl, { files: contents, open, title: options.title || undefined });
}
