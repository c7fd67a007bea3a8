import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, DOT_FILES, isBinaryPath, listTemplates, loadTemplate } from './templates';

describe('templates', () => {
  it('lists the templates, the default first', () => {
    expect(listTemplates().map((t) => t.name)).toEqual([DEFAULT_TEMPLATE, 'tsx-no-deps', 'react-ts', 'preact-ts']);
  });

  it('loads the default template with text, dotfiles and binary files', async () => {
    const files = await loadTemplate(DEFAULT_TEMPLATE);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'index.html',
        'package.json',
        'tsconfig.json',
        '.gitignore',
        'src/main.ts',
        'src/data.json',
        'src/assets/logo.svg',
        'public/icon.png',
      ]),
    );
    expect(files['index.html']).toContain('<script type="module" src="/src/main.ts">');
    expect(typeof files['src/assets/logo.svg']).toBe('string');
    const png = files['public/icon.png'];
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from((png as Uint8Array).slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(Object.keys(files).some((p) => p.includes('node_modules'))).toBe(false);
  });

  it('loads the TSX template and refuses unknown names', async () => {
    const files = await loadTemplate('tsx-no-deps');
    expect(files['src/jsx.ts']).toContain('export function h(');
    await expect(loadTemplate('nope')).rejects.toThrow('Unknown template "nope"');
  });

  it('detects binary files by extension', () => {
    expect(isBinaryPath('a/b.PNG')).toBe(true);
    expect(isBinaryPath('fonts/x.woff2')).toBe(true);
    expect(isBinaryPath('logo.svg')).toBe(false);
    expect(isBinaryPath('.png')).toBe(false);
  });

  it('lists every dotfile of the templates (the bundled glob skips them)', () => {
    const onDisk = readdirSync('templates', { recursive: true, encoding: 'utf8' })
      .map((p) => p.replace(/\\/g, '/'))
      .filter((p) => p.split('/').some((seg) => seg.startsWith('.')) && !p.includes('node_modules'))
      .map((p) => `/templates/${p}`);
    expect(onDisk.length).toBeGreaterThan(0);
    for (const path of onDisk) expect(Object.keys(DOT_FILES)).toContain(path);
  });
});
