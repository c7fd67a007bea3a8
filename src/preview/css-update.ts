/**
 * Updating changed stylesheets without reloading the page: CSS imported from
 * modules is re-imported with a cache-busting query (the bundler's CSS module
 * replaces its `<style data-cove-css="<path>">`), and `<link rel=stylesheet>`
 * elements get a fresh href.
 */

/** `/src/a.css`, `src/a.css` and `./src/a.css` all name the same project file. */
export function sameProjectPath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^\.?\/+/, '').replace(/[?#].*$/, '');
  return norm(a) === norm(b);
}

/** The URL to re-import or re-link a changed file, e.g. `/src/a.css?t=123`. */
export function bustedUrl(path: string, time: number): string {
  return `/${path.replace(/^\.?\/+/, '').replace(/[?#].*$/, '')}?t=${time}`;
}

/**
 * Applies a CSS-only change. Resolves false when some path is not on the page
 * in a form we can update (then the caller reloads).
 */
export async function applyCssUpdate(
  paths: string[],
  doc: Document,
  importModule: (url: string) => Promise<unknown>,
  now = Date.now(),
): Promise<boolean> {
  const origin = doc.location?.origin ?? '';
  let allFound = true;
  const jobs: Promise<unknown>[] = [];
  for (const path of paths) {
    let found = false;
    for (const style of doc.querySelectorAll<HTMLStyleElement>('style[data-cove-css]')) {
      if (sameProjectPath(style.dataset.coveCss ?? '', path)) {
        found = true;
        jobs.push(importModule(bustedUrl(path, now)));
        break;
      }
    }
    for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.href, doc.baseURI);
      if (url.origin !== origin || !sameProjectPath(url.pathname, path)) continue;
      found = true;
      jobs.push(swapLink(link, bustedUrl(path, now)));
    }
    if (!found) allFound = false;
  }
  const results = await Promise.allSettled(jobs);
  return allFound && results.every((r) => r.status === 'fulfilled');
}

/** Loads the new stylesheet next to the old one and removes the old one afterwards, so nothing flashes. */
function swapLink(link: HTMLLinkElement, href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fresh = link.cloneNode() as HTMLLinkElement;
    fresh.href = href;
    fresh.addEventListener('load', () => {
      link.remove();
      resolve();
    });
    fresh.addEventListener('error', () => {
      fresh.remove();
      reject(new Error(`Could not load ${href}`));
    });
    link.after(fresh);
  });
}
