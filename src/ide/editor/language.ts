/** Monaco language ids by file extension (and a few well-known file names). */
import { basename, extname } from '../../shared/paths';

const BY_EXT: Record<string, string> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.json': 'json',
  '.css': 'css',
  '.scss': 'scss',
  '.less': 'less',
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.svg': 'xml',
  '.xml': 'xml',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.sh': 'shell',
  '.py': 'python',
  '.vue': 'html',
  '.svelte': 'html',
  '.graphql': 'graphql',
  '.gql': 'graphql',
};

const BY_NAME: Record<string, string> = {
  'tsconfig.json': 'json',
  'jsconfig.json': 'json',
  '.prettierrc': 'json',
  '.babelrc': 'json',
  dockerfile: 'dockerfile',
};

export function languageForPath(path: string): string {
  const name = basename(path).toLowerCase();
  return BY_NAME[name] ?? BY_EXT[extname(path)] ?? 'plaintext';
}

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico', '.bmp', '.svg']);

export function isImagePath(path: string): boolean {
  return IMAGE_EXT.has(extname(path));
}
