/** The file a person most likely wants to see first: the module `index.html` starts. */
import { resolveRelative } from '../shared/paths';

const FALLBACKS = ['src/main.ts', 'src/main.tsx', 'src/index.ts', 'src/index.tsx', 'src/main.js', 'index.html'];

export function entryFile(readText: (path: string) => string | undefined, exists: (path: string) => boolean) {
  const html = readText('index.html');
  const src = html && /<script[^>]*type=["']module["'][^>]*src=["']([^"']+)["']/i.exec(html)?.[1];
  if (src && !/^[a-z]+:|^\/\//i.test(src)) {
    const path = resolveRelative('index.html', src.split(/[?#]/)[0]);
    if (path && exists(path)) return path;
  }
  return FALLBACKS.find(exists);
}
