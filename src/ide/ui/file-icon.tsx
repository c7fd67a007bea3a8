/** Icons per file type: a coloured glyph per extension, folder glyphs for folders. */
import { basename, extname } from '../../shared/paths';
import './file-icon.css';

const BY_EXT: Record<string, [label: string, cls: string]> = {
  '.ts': ['TS', 'ts'],
  '.mts': ['TS', 'ts'],
  '.cts': ['TS', 'ts'],
  '.tsx': ['TSX', 'tsx'],
  '.js': ['JS', 'js'],
  '.mjs': ['JS', 'js'],
  '.cjs': ['JS', 'js'],
  '.jsx': ['JSX', 'tsx'],
  '.json': ['{}', 'json'],
  '.css': ['#', 'css'],
  '.scss': ['#', 'scss'],
  '.less': ['#', 'css'],
  '.html': ['<>', 'html'],
  '.htm': ['<>', 'html'],
  '.md': ['M', 'md'],
  '.svg': ['◇', 'svg'],
  '.vue': ['V', 'vue'],
  '.svelte': ['S', 'svelte'],
  '.txt': ['≡', 'txt'],
};

const IMAGE = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico', '.bmp']);
const FONT = new Set(['.woff', '.woff2', '.ttf', '.otf', '.eot']);

export function FileIcon({ path }: { path: string }) {
  const ext = extname(path);
  const name = basename(path).toLowerCase();
  let entry = BY_EXT[ext];
  if (name.startsWith('tsconfig') || name === 'package.json') entry = ['{}', 'config'];
  if (!entry && IMAGE.has(ext)) entry = ['▣', 'image'];
  if (!entry && FONT.has(ext)) entry = ['F', 'font'];
  const [label, cls] = entry ?? ['•', 'other'];
  return (
    <span class={`file-icon file-icon-${cls}`} aria-hidden="true">
      {label}
    </span>
  );
}

export function FolderIcon({ open }: { open: boolean }) {
  return (
    <svg class="folder-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {open ? (
        <path d="M1.5 4a1 1 0 0 1 1-1h3.4l1.4 1.5H13a1 1 0 0 1 1 1V6H4.2a1 1 0 0 0-.95.68L1.5 12z M3.3 6.7A1 1 0 0 1 4.2 6h10.3l-1.9 6.3a1 1 0 0 1-.95.7H1.5z" />
      ) : (
        <path d="M1.5 4a1 1 0 0 1 1-1h3.4l1.4 1.5H13.5a1 1 0 0 1 1 1V12a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" />
      )}
    </svg>
  );
}
