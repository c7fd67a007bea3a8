import { beforeEach, describe, expect, it } from 'vitest';
import type { FromBundler, PreviewRequest, PreviewResponse } from '../shared/protocol';
import { CompileCache, type CompileOutput, type PersistentStore } from './compile-cache';
import type { EsbuildApi } from './loaders/types';
import { ProjectServer } from './project-server';
import { MemoryFiles } from './testing/memory-files';
import { nodeEsbuild } from './testing/node-esbuild';

interface Setup {
  files: MemoryFiles;
  server: ProjectServer;
  posted: FromBundler[];
  transforms: () => number;
  store: Map<string, CompileOutput>;
}

/** A server over in-memory files with Node's esbuild-wasm, counting esbuild calls. */
async function setup(
  initial: Record<string, string | Uint8Array>,
  store = new Map<string, CompileOutput>(),
): Promise<Setup> {
  const real = await nodeEsbuild();
  let calls = 0;
  const esbuild: EsbuildApi = {
    transform: ((...args: Parameters<EsbuildApi['transform']>) => (
      calls++,
      real.transform(...args)
    )) as EsbuildApi['transform'],
    build: ((...args: Parameters<EsbuildApi['build']>) => (calls++, real.build(...args))) as EsbuildApi['build'],
  };
  const persistent: PersistentStore = {
    get: async (k) => store.get(k),
    set: async (k, v) => void store.set(k, v),
  };
  const files = new MemoryFiles(initial);
  const posted: FromBundler[] = [];
  const server = new ProjectServer({
    projectId: 'p1',
    files,
    esbuild: Promise.resolve(esbuild),
    cache: new CompileCache(persistent),
    post: (m) => posted.push(m),
  });
  return { files, server, posted, transforms: () => calls, store };
}

let nextId = 1;
async function get(
  server: ProjectServer,
  url: string,
  destination = 'script',
  navigate = false,
): Promise<PreviewResponse> {
  const req: PreviewRequest = { type: 'fetch', id: nextId++, url, destination, navigate };
  const res = await server.handle(req);
  expect(res.id).toBe(req.id);
  return res;
}

function text(res: PreviewResponse): string {
  return typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
}

function lastDiagnostics(posted: FromBundler[], file: string) {
  const msgs = posted.filter((m) => m.type === 'diagnostics' && m.files.includes(file));
  const last = msgs[msgs.length - 1];
  return last?.type === 'diagnostics' ? last.diagnostics : undefined;
}

const PAGE =
  '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/src/main.ts"></script></body></html>';

describe('ProjectServer', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup({
      'index.html': PAGE,
      'about/index.html': '<html><head></head><body>about</body></html>',
      'public/favicon.svg': '<svg/>',
      'public/robots.txt': 'User-agent: *',
      'src/main.ts':
        "import { greet } from './util';\nimport { x } from './lib';\nimport y from '../shared/y';\nexport default greet(x + y);\n",
      'src/util.ts': 'export const greet = (n: number) => `hi ${n}`;\n',
      'src/lib/index.ts': 'export const x = 1;\n',
      'shared/y.js': 'export default 2;\n',
      'src/logo.png': new Uint8Array([137, 80, 78, 71]),
      'src/notes.txt': 'some "notes"\n',
    });
  });

  it('serves index.html for / and folders, with the runtime injected', async () => {
    const root = await get(s.server, '/', 'document', true);
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
    expect(text(root)).toContain('<head><script type="module" src="/__cove/runtime.js"></script><title>');
    expect(text(await get(s.server, '/about/', 'document', true))).toContain('about');
    // SPA fallback for unknown page URLs.
    expect(text(await get(s.server, '/some/route', 'document', true))).toContain('src="/src/main.ts"');
  });

  it('serves public/ files at the root with their content type', async () => {
    const res = await get(s.server, '/favicon.svg', 'image');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(text(res)).toBe('<svg/>');
    expect(text(await get(s.server, '/robots.txt', ''))).toBe('User-agent: *');
  });

  it('answers a missing file with a readable 404', async () => {
    const res = await get(s.server, '/src/nope.ts');
    expect(res.status).toBe(404);
    expect(text(res)).toContain('/src/nope.ts');
  });

  it('rewrites extensionless, index and ../ imports to canonical URLs', async () => {
    const res = await get(s.server, '/src/main.ts');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    const code = text(res);
    expect(code).toMatch(/from ["']\/src\/util\.ts["']/);
    expect(code).toMatch(/from ["']\/src\/lib\/index\.ts["']/);
    expect(code).toMatch(/from ["']\/shared\/y\.js["']/);
    expect(lastDiagnostics(s.posted, 'src/main.ts') ?? []).toEqual([]);
  });

  it('resolves extensionless URLs and ignores cache-busting params', async () => {
    const a = text(await get(s.server, '/src/util?t=123'));
    expect(a).toContain('hi ${n}');
    const before = s.transforms();
    const b = text(await get(s.server, '/src/util.ts?v=abc&t=1'));
    expect(b).toBe(a);
    expect(s.transforms()).toBe(before);
  });

  it('turns a bare import and a missing file into diagnostics with line and column', async () => {
    s.files.write('src/main.ts', "import { h } from 'preact';\n\nimport './missing';\nexport const v = h;\n");
    const res = await get(s.server, '/src/main.ts');
    expect(res.status).toBe(200);
    const code = text(res);
    expect(code).toContain('globalThis.__COVE__?.overlay(');
    expect(code).toMatch(/throw new Error\("src\/main\.ts:1:20: npm packages are not available yet: 'preact'"\)/);
    // Importers can still link against the exports while the module is broken.
    expect(code).toContain('as "v"');
    const diags = lastDiagnostics(s.posted, 'src/main.ts')!;
    expect(diags).toEqual([
      expect.objectContaining({
        file: 'src/main.ts',
        line: 1,
        column: 20,
        source: 'resolve',
        message: "npm packages are not available yet: 'preact'",
      }),
      expect.objectContaining({
        line: 3,
        column: 9,
        message: "Cannot find module './missing' imported from src/main.ts",
      }),
    ]);
  });

  it('clears diagnostics when the problem is fixed, and invalidates when a missing file appears', async () => {
    await get(s.server, '/', 'document', true);
    s.files.write('src/main.ts', "import './missing';\n");
    expect(text(await get(s.server, '/src/main.ts'))).toContain('throw new Error');
    s.posted.length = 0;
    s.files.write('src/missing.ts', 'export {};\n');
    const inv = s.posted.find((m) => m.type === 'preview-invalidate');
    expect(inv).toMatchObject({ projectId: 'p1', paths: ['src/main.ts'], cssOnly: false });
    // The recheck runs without the preview asking again.
    await new Promise((r) => setTimeout(r, 400));
    expect(lastDiagnostics(s.posted, 'src/main.ts')).toEqual([]);
  });

  it('serves a syntax error as an error module and posts the diagnostic', async () => {
    s.files.write('src/util.ts', 'export const greet = (n: number) => {\n  return n +;\n};\n');
    const code = text(await get(s.server, '/src/util.ts'));
    expect(code).toContain('throw new Error("src/util.ts:2:13: Unexpected \\";\\""');
    expect(lastDiagnostics(s.posted, 'src/util.ts')).toEqual([
      expect.objectContaining({
        file: 'src/util.ts',
        line: 2,
        column: 13,
        source: 'esbuild',
        lineText: '  return n +;',
      }),
    ]);
  });

  it('serves ?raw and ?url imports, and assets as URLs or bytes', async () => {
    s.files.write(
      'src/main.ts',
      "import notes from './notes.txt?raw';\nimport href from './logo.png?url';\nimport logo from './logo.png';\nimport fav from '/favicon.svg';\nexport { notes, href, logo, fav };\n",
    );
    const main = text(await get(s.server, '/src/main.ts'));
    expect(main).toMatch(/from ["']\/src\/notes\.txt\?raw["']/);
    expect(main).toMatch(/from ["']\/src\/logo\.png\?url["']/);
    expect(main).toMatch(/from ["']\/src\/logo\.png["']/);
    expect(main).toMatch(/from ["']\/favicon\.svg["']/);
    expect(text(await get(s.server, '/src/notes.txt?raw'))).toBe('export default "some \\"notes\\"\\n";\n');
    expect(text(await get(s.server, '/src/logo.png?url'))).toBe('export default "/src/logo.png";\n');
    expect(text(await get(s.server, '/src/logo.png'))).toBe('export default "/src/logo.png";\n');
    const img = await get(s.server, '/src/logo.png', 'image');
    expect(img.headers['content-type']).toBe('image/png');
    expect([...(img.body as Uint8Array)]).toEqual([137, 80, 78, 71]);
  });

  it('serves CSS as a stylesheet or as a module, and reports CSS-only changes', async () => {
    s.files.write('src/app.css', '.a { background: url(./logo.png) }');
    await get(s.server, '/', 'document', true);
    const sheet = await get(s.server, '/src/app.css', 'style');
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
    expect(text(sheet)).toBe('.a { background: url(/src/logo.png) }');
    const mod = await get(s.server, '/src/app.css', 'script');
    expect(mod.headers['content-type']).toMatch(/^text\/javascript/);
    expect(text(mod)).toContain('data-cove-css');
    s.posted.length = 0;
    s.files.write('src/app.css', '.a { color: red }');
    expect(s.posted).toContainEqual({
      type: 'preview-invalidate',
      projectId: 'p1',
      paths: ['src/app.css'],
      cssOnly: true,
    });
    s.posted.length = 0;
    s.files.write('src/unrelated.ts', 'export {}');
    expect(s.posted.filter((m) => m.type === 'preview-invalidate')).toEqual([]);
    await get(s.server, '/src/main.ts');
    s.files.write('src/main.ts', 'export const greet = () => 1;');
    expect(s.posted).toContainEqual({
      type: 'preview-invalidate',
      projectId: 'p1',
      paths: ['src/main.ts'],
      cssOnly: false,
    });
  });

  it('adds modulepreload links for the modules a page loaded last time', async () => {
    await get(s.server, '/', 'document', true);
    await get(s.server, '/src/main.ts');
    await get(s.server, '/src/util.ts');
    const html = text(await get(s.server, '/', 'document', true));
    expect(html).toContain(
      '<link rel="modulepreload" href="/src/main.ts"><link rel="modulepreload" href="/src/util.ts">',
    );
  });

  it('follows Vite-style tsconfig references for JSX options', async () => {
    s.files.write(
      'tsconfig.json',
      '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.node.json" }] }',
    );
    s.files.write(
      'tsconfig.node.json',
      '{ "compilerOptions": { "jsxFactory": "nodeH" }, "include": ["vite.config.ts"] }',
    );
    s.files.write(
      'tsconfig.app.json',
      '{\n  // comment\n  "compilerOptions": { "jsxFactory": "h", "jsxFragmentFactory": "Fragment", },\n  "include": ["src"],\n}',
    );
    s.files.write('src/App.tsx', 'export const App = () => <><b/></>;');
    const code = text(await get(s.server, '/src/App.tsx'));
    expect(code).toContain('h(Fragment');
  });

  it('compiles plain TypeScript without esbuild and keeps it in memory only', async () => {
    const res = await get(s.server, '/src/util.ts');
    expect(text(res)).toContain('export const greet = (n) =>');
    expect(s.transforms()).toBe(0);
    expect(s.store.size).toBe(0);
  });

  it('reuses what esbuild compiled from memory, then from the persistent store in a new server', async () => {
    // `import.meta.env` needs esbuild's defines, so this one is esbuild's and is stored.
    const env = 'export const greet = (n: number) => `hi ${n} ${import.meta.env.MODE}`;\n';
    s.files.write('src/util.ts', env);
    await get(s.server, '/src/util.ts');
    const after = s.transforms();
    expect(after).toBeGreaterThan(0);
    await get(s.server, '/src/util.ts');
    expect(s.transforms()).toBe(after);
    expect(s.store.size).toBeGreaterThan(0);
    // A second visit (new worker): same sources, shared persistent store -> no esbuild.
    const second = await setup({ 'src/util.ts': env }, s.store);
    const res = await get(second.server, '/src/util.ts');
    expect(text(res)).toContain('hi ${n}');
    expect(second.transforms()).toBe(0);
    expect(second.posted).toContainEqual(
      expect.objectContaining({ type: 'compiled', path: 'src/util.ts', cached: true }),
    );
  });

  it('serves JSON modules with named exports and import.meta.env from .env files', async () => {
    s.files.write('data.json', '{"answer": 42}');
    s.files.write('.env', 'VITE_TITLE="Cove app"\nSECRET=x\n');
    s.files.write(
      'src/env.ts',
      'import { answer } from "../data.json";\nexport const t = import.meta.env.VITE_TITLE, s = import.meta.env.SECRET, a = answer;',
    );
    expect(text(await get(s.server, '/data.json'))).toContain('answer');
    const code = text(await get(s.server, '/src/env.ts'));
    expect(code).toMatch(/from ["']\/data\.json["']/);
    expect(code).toContain('"Cove app"');
    expect(code).not.toContain('SECRET: "x"');
  });

  it('maps stack positions back to original lines', async () => {
    s.files.write(
      'src/util.ts',
      'type A = {\n  n: number;\n};\nexport function boom(a: A): never {\n  throw new Error(String(a.n));\n}\n',
    );
    const code = text(await get(s.server, '/src/util.ts'));
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('throw new Error')) + 1;
    const column = lines[line - 1].indexOf('throw') + 1;
    const stack = `Error: 1\n    at boom (http://p-abcd.app.localhost:5173/src/util.ts?t=5:${line}:${column})\n    at http://x.test/nope.js:1:1`;
    const mapped = await s.server.mapStack(stack);
    expect(mapped).toContain('at boom (src/util.ts:5:3)');
    expect(mapped).toContain('http://x.test/nope.js:1:1');
  });
});
