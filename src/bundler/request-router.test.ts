import { describe, expect, it } from 'vitest';
import { route } from './request-router';
import { resolveImport } from './resolve';
import { MemoryFiles } from './testing/memory-files';

const files = new MemoryFiles({
  'index.html': '',
  'public/logo.svg': '',
  'src/main.tsx': '',
  'src/app.css': '',
  'src/x.module.css': '',
  'src/data.json': '',
  'src/My Button.tsx': '',
  'src/comp/index.jsx': '',
  'src/esm.ts': '',
  'src/img.png': '',
});

const req = (url: string, destination = 'script', navigate = false) => route(files, { url, destination, navigate });

describe('route', () => {
  it('maps URLs to files and serving modes', () => {
    expect(req('/', 'document', true)).toMatchObject({ path: 'index.html', as: 'html' });
    expect(req('/logo.svg', 'image')).toMatchObject({ path: 'public/logo.svg', url: '/logo.svg', as: 'file' });
    expect(req('/src/main?t=1')).toMatchObject({ path: 'src/main.tsx', url: '/src/main.tsx', as: 'script' });
    expect(req('/src/comp')).toMatchObject({ path: 'src/comp/index.jsx', as: 'script' });
    expect(req('/src/My%20Button.tsx')).toMatchObject({ path: 'src/My Button.tsx', url: '/src/My%20Button.tsx' });
    expect(req('/src/app.css', 'style')).toMatchObject({ as: 'css-text' });
    expect(req('/src/app.css')).toMatchObject({ as: 'css-js' });
    expect(req('/src/app.css?inline')).toMatchObject({ as: 'css-inline', url: '/src/app.css?inline' });
    expect(req('/src/x.module.css')).toMatchObject({ as: 'css-module' });
    expect(req('/src/data.json')).toMatchObject({ as: 'json-module' });
    expect(req('/src/data.json', '')).toMatchObject({ as: 'file' });
    expect(req('/src/img.png')).toMatchObject({ as: 'asset-module' });
    expect(req('/src/img.png?url&v=3')).toMatchObject({ as: 'url-module', url: '/src/img.png?url' });
    expect(req('/src/main.tsx?raw')).toMatchObject({ as: 'raw-module' });
    expect(req('/src/missing.ts')).toEqual({ kind: 'not-found', pathname: '/src/missing.ts' });
    expect(req('/../etc/passwd')).toMatchObject({ kind: 'not-found' });
  });
});

describe('resolveImport', () => {
  it('resolves like Vite and names bare and missing imports', () => {
    expect(resolveImport(files, 'src/main.tsx', './esm.js')).toEqual({
      kind: 'file',
      path: 'src/esm.ts',
      url: '/src/esm.ts',
    });
    expect(resolveImport(files, 'src/main.tsx', '/logo.svg?url')).toEqual({
      kind: 'file',
      path: 'public/logo.svg',
      url: '/logo.svg?url',
    });
    expect(resolveImport(files, 'src/main.tsx', '@scope/pkg/sub')).toEqual({
      kind: 'bare',
      message: "npm packages are not available yet: '@scope/pkg'",
    });
    expect(resolveImport(files, 'src/main.tsx', 'https://esm.sh/x')).toEqual({ kind: 'external' });
    expect(resolveImport(files, 'src/main.tsx', '../../x')).toMatchObject({ kind: 'missing' });
    expect(resolveImport(files, 'src/main.tsx', './nope')).toMatchObject({ kind: 'missing', tried: 'src/nope' });
  });
});
