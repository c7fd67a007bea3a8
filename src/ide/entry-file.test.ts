import { describe, expect, test } from 'vitest';
import { entryFile } from './entry-file';

function project(files: Record<string, string>) {
  return [(p: string) => files[p], (p: string) => p in files] as const;
}

describe('entryFile', () => {
  test('follows the module script of index.html', () => {
    const [read, exists] = project({
      'index.html': '<body><script type="module" src="/src/app/start.tsx?v=1"></script></body>',
      'src/app/start.tsx': '',
      'src/main.ts': '',
    });
    expect(entryFile(read, exists)).toBe('src/app/start.tsx');
  });

  test('falls back to the usual names when the script is missing or external', () => {
    const [read, exists] = project({
      'index.html': '<script type="module" src="https://cdn.example/x.js"></script>',
      'src/main.ts': '',
    });
    expect(entryFile(read, exists)).toBe('src/main.ts');
  });

  test('is undefined for a project with none of them', () => {
    const [read, exists] = project({ 'notes.md': '' });
    expect(entryFile(read, exists)).toBeUndefined();
  });
});
