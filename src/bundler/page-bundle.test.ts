import { describe, expect, it } from 'vitest';
import { bundlePage, pageFile } from './page-bundle';
import { MemoryFiles } from './testing/memory-files';
import { nodeEsbuild } from './testing/node-esbuild';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

async function bundle(files: Record<string, string | Uint8Array>, url = '/') {
  return bundlePage({
    files: new MemoryFiles(files),
    esbuild: await nodeEsbuild(),
    runtime: 'console.log("runtime")',
    ideOrigin: 'http://app.localhost:5173',
    url,
  });
}

describe('bundlePage', () => {
  it('inlines the runtime first, then the bundled scripts, CSS and assets', async () => {
    const result = await bundle({
      'index.html':
        '<!doctype html><html><head><link rel="icon" href="/icon.png"></head><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>',
      'src/main.ts':
        "import './style.css';\nimport logo from './logo.svg';\nimport { n } from './n';\nimport data from './data.json';\nimport styles from './a.module.css';\ndocument.body.dataset.x = logo + n + data.v + styles.box + import.meta.env.MODE;\n",
      'src/n.ts': 'export const n: number = 41 + 1;\n',
      'src/data.json': '{"v": "json-value"}',
      'src/style.css': 'body { color: rgb(1, 2, 3); }\n',
      'src/a.module.css': '.box { margin: 3px; }\n',
      'src/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      'public/icon.png': PNG,
    });
    const { html, diagnostics, inputs } = result;
    expect(diagnostics).toEqual([]);
    expect(inputs).toContain('src/n.ts');
    expect(result.usesPackages).toBe(false);
    const runtimeAt = html.indexOf('console.log("runtime")');
    expect(runtimeAt).toBeGreaterThan(html.indexOf('__COVE_BUNDLED__'));
    expect(html.indexOf('41 + 1')).toBeGreaterThan(runtimeAt);
    expect(html).not.toContain('src="/src/main.ts"');
    expect(html).toContain('rgb(1, 2, 3)');
    expect(html).toMatch(/margin: 3px/);
    expect(html).toContain('json-value');
    expect(html).toContain('data:image/svg+xml');
    expect(html).toContain('href="data:image/png;base64,');
    expect(html).toContain('"development"');
  });

  it('reports compile errors as diagnostics and still returns a page with the runtime', async () => {
    const { html, diagnostics } = await bundle({
      'index.html': '<html><head></head><body><script type="module" src="/src/main.ts"></script></body></html>',
      'src/main.ts': "import { x } from './missing';\nconst = 1;\n",
    });
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ file: 'src/main.ts', severity: 'error', source: 'esbuild' });
    expect(html).toContain('console.log("runtime")');
  });

  it('bundles npm imports from the pre-bundled package modules', async () => {
    const result = await bundlePage({
      files: new MemoryFiles({
        'index.html': '<script type="module" src="/src/main.ts"></script>',
        'src/main.ts': "import { v } from 'pkg';\nconsole.log(v);\n",
      }),
      esbuild: await nodeEsbuild(),
      runtime: '',
      ideOrigin: 'http://app.localhost:5173',
      url: '/',
      packages: {
        resolveBare: (spec) => ({ url: `/@npm/${spec}@1.0.0` }),
        serve: async (path) => ({
          status: 200,
          contentType: 'text/javascript',
          body: path.includes('dep')
            ? 'export const d = "dep-value";'
            : 'import { d } from "/@npm/dep@1.0.0"; export const v = "pkg-" + d;',
        }),
      },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.usesPackages).toBe(true);
    expect(result.html).toContain('dep-value');
  });

  it('finds the page file of a URL', () => {
    const files = new MemoryFiles({ 'index.html': '', 'about.html': '', 'docs/index.html': '' });
    expect(pageFile(files, '/')).toBe('index.html');
    expect(pageFile(files, '/about?x=1')).toBe('about.html');
    expect(pageFile(files, '/docs/')).toBe('docs/index.html');
    expect(pageFile(files, '/nope')).toBeUndefined();
  });
});
