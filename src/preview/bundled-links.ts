/**
 * In a bundled page (no service worker, `about:srcdoc`), a link to another page of the project would
 * load that URL from the IDE's origin. Such clicks go to the IDE instead, which bundles that page.
 */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The project URL a link's `href` means from page `from`, or undefined for other sites and in-page links. */
export function projectLinkTarget(href: string, from: string): string | undefined {
  if (!href || href.startsWith('#') || SCHEME.test(href) || href.startsWith('//')) return undefined;
  const url = new URL(href, `http://page.invalid${from}`);
  return url.pathname + url.search;
}

export function interceptProjectLinks(doc: Document, from: () => string, go: (url: string) => void): void {
  doc.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!link || (link.getAttribute('target') ?? '_self') !== '_self' || link.hasAttribute('download')) return;
    const url = projectLinkTarget(link.getAttribute('href') ?? '', from());
    if (url === undefined) return;
    event.preventDefault();
    go(url);
  });
}
