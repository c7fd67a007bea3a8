/** Tells the IDE the page's path (for its URL bar) whenever it changes, including pushState/replaceState. */

export function watchNavigation(win: Window, report: (url: string) => void): void {
  let last = '';
  const check = () => {
    const url = win.location.pathname + win.location.search;
    if (url === last) return;
    last = url;
    report(url);
  };
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = win.history[name];
    win.history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
  }
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  win.addEventListener('load', check);
  check();
}
