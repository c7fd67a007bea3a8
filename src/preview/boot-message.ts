/** Plain-words status shown on the bootstrap page while (or instead of) starting the preview. */

export function showMessage(title: string, detail: string, opts: { retry?: boolean } = {}): void {
  document.title = title;
  const body = document.body ?? document.documentElement.appendChild(document.createElement('body'));
  body.replaceChildren();
  body.style.cssText =
    'margin:0;padding:24px;font:15px/1.5 system-ui,sans-serif;color:#333;background:#fff;max-width:42em';
  const h = document.createElement('h1');
  h.style.cssText = 'font-size:18px;margin:0 0 8px';
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = detail;
  body.append(h, p);
  if (opts.retry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Try again';
    button.addEventListener('click', () => location.reload());
    body.append(button);
  }
}
