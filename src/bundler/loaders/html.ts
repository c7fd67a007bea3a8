/**
 * HTML pages: the Cove runtime goes first in `<head>` so it sees every console call and error,
 * followed by `<link rel="modulepreload">` for the modules this page loaded last time, which
 * lets the browser fetch them in parallel instead of discovering them import by import.
 */
export const RUNTIME_URL = '/__cove/runtime.js';

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function injectIntoHtml(html: string, preloads: readonly string[] = []): string {
  const tags =
    `<script type="module" src="${RUNTIME_URL}"></script>` +
    preloads.map((url) => `<link rel="modulepreload" href="${escapeAttr(url)}">`).join('');
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tags + html.slice(head.index + head[0].length);
  // No <head>: the parser creates one for content placed right after <html> (or the doctype).
  const anchor = /<html(?:\s[^>]*)?>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html);
  if (anchor)
    return (
      html.slice(0, anchor.index + anchor[0].length) +
      `<head>${tags}</head>` +
      html.slice(anchor.index + anchor[0].length)
    );
  return `<head>${tags}</head>` + html;
}
