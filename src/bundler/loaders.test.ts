import { beforeAll, describe, expect, it } from 'vitest';
import { rewriteCssUrls, cssModuleScript } from './loaders/css';
import { compileCssModule, cssModuleServed } from './loaders/css-module';
import { injectIntoHtml } from './loaders/html';
import { compileJson } from './loaders/json';
import { compileScript } from './loaders/script';
import type { EsbuildApi } from './loaders/types';
import { nodeEsbuild } from './testing/node-esbuild';

let esbuild: EsbuildApi;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
});

const env = { MODE: 'development', DEV: true, PROD: false, BASE_URL: '/', SSR: false };

/** Evaluate an ES module's source and return its namespace. */
async function evalModule(code: string): Promise<Record<string, unknown>> {
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

describe('script loader', () => {
  it('compiles TSX with the JSX factory from tsconfig and an inline source map naming the URL', async () => {
    const out = await compileScript(esbuild, {
      path: 'src/App.tsx',
      url: '/src/App.tsx',
      source: 'const n: number = 1;\nexport const App = () => <div class="x">{n}</div>;\n',
      compilerOptions: { jsxFactory: 'h', jsxFragmentFactory: 'Fragment' },
      env,
    });
    expect(out.errors).toEqual([]);
    expect(out.code).toContain('h("div"');
    expect(out.code).not.toContain(': number');
    const map = /sourceMappingURL=data:application\/json;base64,(.*)/.exec(out.code)![1];
    expect(JSON.parse(Buffer.from(map, 'base64').toString()).sources).toEqual(['/src/App.tsx']);
  });

  it('uses the automatic runtime when tsconfig says react-jsx', async () => {
    const out = await compileScript(esbuild, {
      path: 'src/App.tsx',
      url: '/src/App.tsx',
      source: 'export const App = () => <p/>;',
      compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' },
      env,
    });
    expect(out.code).toContain('preact/jsx-runtime');
  });

  it('reports a syntax error with file, line and column', async () => {
    const out = await compileScript(esbuild, {
      path: 'src/bad.ts',
      url: '/src/bad.ts',
      source: 'const ok = 1;\nconst x = ;\n',
      compilerOptions: {},
      env,
    });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({
      file: 'src/bad.ts',
      line: 2,
      column: 11,
      source: 'esbuild',
      severity: 'error',
    });
    expect(out.errors[0].lineText).toBe('const x = ;');
  });

  it('defines import.meta.env like Vite in development', async () => {
    const out = await compileScript(esbuild, {
      path: 'src/env.ts',
      url: '/src/env.ts',
      source:
        'export const dev = import.meta.env.DEV, mode = import.meta.env.MODE, prod = import.meta.env.PROD;\n' +
        'export const all = import.meta.env; export const missing = import.meta.env.VITE_NOPE;\n',
      compilerOptions: {},
      env: { ...env, VITE_NAME: 'cove' },
    });
    const mod = await evalModule(out.code);
    expect(mod).toMatchObject({ dev: true, mode: 'development', prod: false, missing: undefined });
    expect(mod.all).toMatchObject({ BASE_URL: '/', SSR: false, VITE_NAME: 'cove' });
  });
});

describe('json loader', () => {
  it('exports the value as default and top-level keys by name', async () => {
    const out = await compileJson(esbuild, 'data.json', '{"name": "cove", "list": [1, 2], "a-b": true}');
    const mod = await evalModule(out.code);
    expect(mod.default).toEqual({ name: 'cove', list: [1, 2], 'a-b': true });
    expect(mod.name).toBe('cove');
    expect(mod['a-b']).toBe(true);
  });

  it('reports invalid JSON as an error', async () => {
    const out = await compileJson(esbuild, 'bad.json', '{"a": }');
    expect(out.errors[0]).toMatchObject({ file: 'bad.json', line: 1 });
  });
});

describe('css loaders', () => {
  it('rewrites relative url() and @import to root-absolute URLs', () => {
    const css = `@import './base.css';\n.a { background: url(../img/a b.png); }\n.b { background: url("./x.svg#i"); }\n.c { background: url(data:image/png;base64,AA); mask: url(/abs.svg); }`;
    const out = rewriteCssUrls(css, 'src/styles/main.css');
    expect(out).toContain(`@import '/src/styles/base.css'`);
    expect(out).toContain('url("/src/styles/x.svg#i")');
    expect(out).toContain('url(data:image/png;base64,AA)');
    expect(out).toContain('url(/abs.svg)');
  });

  it('serves CSS imported from a module as a style upsert', () => {
    const js = cssModuleScript('src/app.css', '.a { background: url(./a.png) }');
    expect(js).toContain('data-cove-css');
    expect(js).toContain('"src/app.css"');
    expect(js).toContain('url(/src/a.png)');
  });

  it('compiles a CSS module to a class map plus scoped CSS', async () => {
    const files: Record<string, string> = {
      'src/components/Button.module.css':
        '.button { color: red; background: url(./bg.png) }\n.big { composes: button; }',
    };
    const out = await compileCssModule(esbuild, 'src/components/Button.module.css', (p) => files[p]);
    expect(out.errors).toEqual([]);
    const served = cssModuleServed('src/components/Button.module.css', out);
    const mod = await evalModule(served);
    const map = mod.default as Record<string, string>;
    expect(Object.keys(map).sort()).toEqual(['big', 'button']);
    expect(map.button).toMatch(/src_components_Button.*button/);
    expect(map.big.split(' ')).toContain(map.button);
    expect(out.css).toContain(`.${map.button}`);
    expect(out.css).toContain('url(/src/components/bg.png)');
  });
});

describe('html loader', () => {
  it('puts the runtime first in <head>, then modulepreload links', () => {
    const html =
      '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n  </head><body></body></html>';
    const out = injectIntoHtml(html, ['/src/main.ts', '/src/a "b".ts']);
    expect(out).toMatch(
      /<head>\s*<script type="module" src="\/__cove\/runtime\.js"><\/script><link rel="modulepreload" href="\/src\/main\.ts">/,
    );
    expect(out).toContain('href="/src/a &quot;b&quot;.ts"');
    expect(out.indexOf('runtime.js')).toBeLessThan(out.indexOf('<meta'));
  });

  it('creates a head when the page has none', () => {
    expect(injectIntoHtml('<p>hi</p>')).toBe(
      '<head><script type="module" src="/__cove/runtime.js"></script></head><p>hi</p>',
    );
  });
});
