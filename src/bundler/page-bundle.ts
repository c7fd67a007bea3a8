/**
 * The preview without a service worker: one HTML page of the project bundled into a single
 * self-contained document (for an `<iframe srcdoc>` with an opaque origin, which can fetch
 * nothing from the project). Module scripts are bundled with esbuild `build`, CSS inlined,
 * assets become data: URLs, and Cove's runtime goes first, told where the IDE is.
 */
import { SCRIPT_LOADERS } from './loaders/script';
import type { Message, Plugin } from 'esbuild-wasm';
import type { ProjectFiles } from '../fs/types';
import { contentTypeFor } from '../shared/mime';
import { extname } from '../shared/paths';
import type { Diagnostic } from '../shared/protocol';
import { esbuildErrors, fromEsbuildMessages } from './diagnostics';
import { viteEnv } from './env';
import type { EsbuildApi } from './loaders/types';
import { PUBLIC_DIR, fileUrl, resolveImport, splitQuery, urlPathToProjectPath } from './resolve';
import type { PackageServing } from './project-server';
import { TsconfigResolver } from './tsconfig';

export interface PageBundleOptions {
  files: ProjectFiles;
  esbuild: EsbuildApi;
  packages?: Pick<PackageServing, 'resolveBare' | 'serve'>;
  /** The code of `/__cove/runtime.js`. */
  runtime: string;
  /** Where the runtime posts to (the IDE page's origin). */
  ideOrigin: string;
  /** Path and query of the page, e.g. `/` or `/about.html`. */
  url: string;
}

export interface PageBundle {
  html: string;
  diagnostics: Diagnostic[];
  /** Project files the page was built from (a change to any other file cannot change it). */
  inputs: string[];
  /** The page imports npm packages (a new install may change it). */
  usesPackages: boolean;
}

const ENTRY = 'cove:page-entry';
const MODULE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLESHEET = /<link\b([^>]*)>/gi;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Text placed inside `<script>` / `<style>` must not close the element early. */
function escapeScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** `files` with some binary files' bytes given (when the blob store cannot be read here). */
export function withBinaries(files: ProjectFiles, binaries: ReadonlyMap<string, Uint8Array>): ProjectFiles {
  if (!binaries.size) return files;
  return {
    list: () => files.list(),
    folders: () => files.folders(),
    exists: (path) => files.exists(path),
    kindOf: (path) => files.kindOf(path),
    readText: (path) => files.readText(path),
    readBinary: async (path) => binaries.get(path) ?? files.readBinary(path),
    onChange: (listener) => files.onChange(listener),
  };
}

/** The project file an HTML page URL means (`/` -> `index.html`, `/about` -> `about.html`). */
export function pageFile(files: ProjectFiles, url: string): string | undefined {
  const { base } = splitQuery(url);
  const path = urlPathToProjectPath(base.replace(/\/+$/, '') || '/') ?? '';
  const candidates = path
    ? [path, `${path}.html`, `${path}/index.html`, `${PUBLIC_DIR}/${path}`]
    : ['index.html', `${PUBLIC_DIR}/index.html`];
  return candidates.find((c) => c.endsWith('.html') && files.exists(c));
}

function dataUrl(bytes: Uint8Array, type: string): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(bin)}`;
}

/** Every `public/` file as a data: URL keyed by the URL it is served at (`/icon.png`). */
async function publicAssets(files: ProjectFiles): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of files.list()) {
    if (!f.path.startsWith(PUBLIC_DIR + '/')) continue;
    const type = contentTypeFor(extname(f.path));
    // An unreadable file is left out: the page still runs, with that URL broken.
    const bytes =
      files.kindOf(f.path) === 'binary'
        ? await files.readBinary(f.path).catch(() => undefined)
        : new TextEncoder().encode(files.readText(f.path) ?? '');
    if (bytes) out[fileUrl(f.path)] = dataUrl(bytes, type.split(';')[0]);
  }
  return out;
}

/** Runs before anything else: tells the runtime where the IDE is and maps `public/` URLs to data: URLs. */
function configScript(ideOrigin: string, url: string, assets: Record<string, string>): string {
  const config = JSON.stringify({ ideOrigin, url, assets });
  return `<script>(function(){var c=globalThis.__COVE_BUNDLED__=${escapeScript(config)};
var fix=function(el){for(var a of ['src','href','poster']){var v=el.getAttribute&&el.getAttribute(a);if(v&&c.assets[v])el.setAttribute(a,c.assets[v]);}};
new MutationObserver(function(ms){for(var m of ms){if(m.type==='attributes')fix(m.target);else for(var n of m.addedNodes){if(n.nodeType===1){fix(n);n.querySelectorAll('[src],[href],[poster]').forEach(fix);}}}}).observe(document,{subtree:true,childList:true,attributes:true,attributeFilter:['src','href','poster']});
})();</script>`;
}

function projectPlugin(
  opts: PageBundleOptions,
  entryCode: string,
  inputs: Set<string>,
  seen: { packages: boolean },
): Plugin {
  const { files, packages } = opts;
  return {
    name: 'cove-project',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === ENTRY) return { path: ENTRY, namespace: 'cove' };
        if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(args.path) && !args.path.startsWith('/'))
          return { path: args.path, external: true };
        if (args.namespace === 'npm' && (args.path.startsWith('/') || args.path.startsWith('.'))) {
          return { path: new URL(args.path, `http://npm.invalid${args.importer}`).pathname, namespace: 'npm' };
        }
        const importer = args.namespace === 'project' ? args.importer : 'index.html';
        const resolved = resolveImport(files, importer, args.path);
        switch (resolved.kind) {
          case 'file':
            return { path: resolved.path, namespace: 'project', suffix: splitQuery(args.path).query };
          case 'external':
            return { path: args.path, external: true };
          case 'missing':
            return { errors: [{ text: resolved.message }] };
          case 'bare': {
            seen.packages = true;
            const found = packages?.resolveBare(args.path);
            if (found && 'url' in found) return { path: found.url, namespace: 'npm' };
            return { errors: [{ text: found?.message ?? resolved.message }] };
          }
        }
      });
      build.onLoad({ filter: /.*/, namespace: 'cove' }, () => ({ contents: entryCode, loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: 'npm' }, async (args) => {
        const res = await packages!.serve(args.path);
        if (res.status >= 400) return { errors: [{ text: `Cannot load ${args.path}: ${String(res.body)}` }] };
        const text = typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
        return { contents: text, loader: res.contentType.startsWith('text/css') ? 'css' : 'js' };
      });
      build.onLoad({ filter: /.*/, namespace: 'project' }, async (args) => {
        const path = args.path;
        inputs.add(path);
        const ext = extname(path);
        const query = args.suffix ?? '';
        const binary = files.kindOf(path) === 'binary';
        const bytes = async () =>
          binary
            ? ((await files.readBinary(path)) ?? new Uint8Array())
            : new TextEncoder().encode(files.readText(path) ?? '');
        if (/[?&]raw\b/.test(query)) return { contents: files.readText(path) ?? '', loader: 'text' };
        if (/[?&](url|inline)\b/.test(query) || (!(ext in SCRIPT_LOADERS) && ext !== '.json' && ext !== '.css')) {
          const type = contentTypeFor(ext).split(';')[0];
          return { contents: `export default ${JSON.stringify(dataUrl(await bytes(), type))};`, loader: 'js' };
        }
        const text = files.readText(path) ?? '';
        if (ext === '.json') return { contents: text, loader: 'json' };
        if (ext === '.css') return { contents: text, loader: path.endsWith('.module.css') ? 'local-css' : 'css' };
        return { contents: text, loader: SCRIPT_LOADERS[ext] };
      });
    },
  };
}

function toDiagnostics(messages: readonly Message[], severity: Diagnostic['severity']): Diagnostic[] {
  return messages.flatMap((m) => {
    const file = m.location?.file.replace(/^project:/, '') ?? '';
    return fromEsbuildMessages([m], file, severity);
  });
}

/** Bundles the page at `opts.url` into one HTML document; compile errors come back as diagnostics. */
export async function bundlePage(opts: PageBundleOptions): Promise<PageBundle> {
  const { files } = opts;
  const page = pageFile(files, opts.url);
  const assets = await publicAssets(files);
  const head =
    configScript(opts.ideOrigin, opts.url, assets) + `<script type="module">${escapeScript(opts.runtime)}</script>`;
  if (!page) {
    const html = `<!doctype html><html><head>${head}</head><body><pre>Not found: ${opts.url.replace(/</g, '&lt;')}</pre></body></html>`;
    return { html, diagnostics: [], inputs: [], usesPackages: false };
  }
  let html = files.readText(page) ?? '';
  const inputs = new Set<string>([page]);
  const seen = { packages: false };
  // Module scripts of the page, in order, become one entry; inline ones become virtual modules.
  const imports: string[] = [];
  const inline: string[] = [];
  html = html.replace(MODULE_SCRIPT, (all, attrs: string, body: string) => {
    if (attr(attrs, 'type') !== 'module') return all;
    const src = attr(attrs, 'src');
    if (src) imports.push(src.startsWith('/') || src.startsWith('.') ? src : `./${src}`);
    else inline.push(body);
    return '';
  });
  // Stylesheets of the project are inlined (CSS in a `<style>` resolves URLs against the page: none here).
  html = html.replace(STYLESHEET, (all, attrs: string) => {
    const href = attr(attrs, 'href');
    if (!/\bstylesheet\b/i.test(attr(attrs, 'rel') ?? '') || !href) return all;
    imports.push(href.startsWith('/') || href.startsWith('.') ? href : `./${href}`);
    return '';
  });
  const entryCode = [...imports.map((s) => `import ${JSON.stringify(s)};`), ...inline].join('\n');
  const env = viteEnv(files);
  const define: Record<string, string> = { 'import.meta.env': JSON.stringify(env) };
  for (const [k, v] of Object.entries(env)) define[`import.meta.env.${k}`] = JSON.stringify(v);
  const options = new TsconfigResolver(files).forFile(page).options;
  let code = '';
  let css = '';
  let diagnostics: Diagnostic[] = [];
  try {
    const result = await opts.esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      outdir: '/out',
      logLevel: 'silent',
      define,
      tsconfigRaw: { compilerOptions: options } as never,
      plugins: [projectPlugin(opts, entryCode, inputs, seen)],
    });
    for (const out of result.outputFiles ?? []) {
      if (out.path.endsWith('.css')) css += out.text;
      else if (out.path.endsWith('.js')) code += out.text;
    }
    diagnostics = toDiagnostics(result.warnings, 'warning');
  } catch (error) {
    diagnostics = toDiagnostics(esbuildErrors(error), 'error');
  }
  const tags = head + (css ? `<style>${escapeStyle(css)}</style>` : '');
  const headTag = /<head(?:\s[^>]*)?>/i.exec(html);
  html = headTag
    ? html.slice(0, headTag.index + headTag[0].length) + tags + html.slice(headTag.index + headTag[0].length)
    : tags + html;
  if (code) {
    const script = `<script type="module">${escapeScript(code)}</script>`;
    const end = html.search(/<\/body\s*>/i);
    html = end < 0 ? html + script : html.slice(0, end) + script + html.slice(end);
  }
  // Attributes in the page itself that name public files (icons, images).
  html = html.replace(/\b(src|href)=(["'])(\/[^"']*)\2/g, (all, name: string, q: string, url: string) =>
    assets[url] ? `${name}=${q}${assets[url]}${q}` : all,
  );
  return { html, diagnostics, inputs: [...inputs], usesPackages: seen.packages };
}
