/**
 * Plain CSS: as a stylesheet (text/css) or, imported from a module, as JS that upserts a
 * `<style data-cove-css="<project path>">`. Relative `url()` and `@import` become root-absolute,
 * because CSS inside a `<style>` resolves URLs against the page, not the file.
 */
import { resolveRelative } from '../../shared/paths';
import { fileUrl, splitQuery } from '../resolve';

const URL_TOKEN = /url\(\s*(['"]?)([^'")\s]+)\1\s*\)/g;
const IMPORT_RULE = /@import\s+(['"])([^'"]+)\1/g;
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i;

function rewriteUrl(spec: string, from: string): string | undefined {
  if (NOT_RELATIVE.test(spec)) return undefined;
  const { base } = splitQuery(spec);
  const target = resolveRelative(from, base);
  return target === undefined ? undefined : fileUrl(target) + spec.slice(base.length);
}

export function rewriteCssUrls(css: string, path: string): string {
  return css
    .replace(URL_TOKEN, (all, q: string, spec: string) => {
      const url = rewriteUrl(spec, path);
      return url === undefined ? all : `url(${q}${url}${q})`;
    })
    .replace(IMPORT_RULE, (all, q: string, spec: string) => {
      const url = rewriteUrl(spec, path);
      return url === undefined ? all : `@import ${q}${url}${q}`;
    });
}

/**
 * JS that creates or updates the page's `<style>` for `id` (a no-op outside documents). `attribute`
 * tells project CSS (`data-cove-css`, swapped on edits) from package CSS (`data-cove-npm`).
 */
export function styleUpsert(id: string, css: string, attribute = 'data-cove-css'): string {
  const attr = JSON.stringify(attribute);
  return `{
  const id = ${JSON.stringify(id)};
  const css = ${JSON.stringify(css)};
  if (typeof document !== 'undefined') {
    let el = [...document.querySelectorAll(${JSON.stringify(`style[${attribute}]`)})].find((s) => s.getAttribute(${attr}) === id);
    if (!el) {
      el = document.createElement('style');
      el.setAttribute(${attr}, id);
      document.head.appendChild(el);
    }
    if (el.textContent !== css) el.textContent = css;
  }
}
`;
}

/** Plain CSS imported from a module; the default export is the CSS text (as old Vite did). */
export function cssModuleScript(path: string, source: string): string {
  const css = rewriteCssUrls(source, path);
  return `${styleUpsert(path, css)}export default ${JSON.stringify(css)};\n`;
}

/** `?inline`: the CSS text only, nothing injected. */
export function cssInlineScript(path: string, source: string): string {
  return `export default ${JSON.stringify(rewriteCssUrls(source, path))};\n`;
}
