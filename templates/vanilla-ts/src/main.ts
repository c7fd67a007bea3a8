import './style.css';
import logoUrl from './assets/logo.svg';
import { setupCounter } from './counter';
import { renderFeatures } from './features';
import { greeting } from './greeting';

const app = document.querySelector<HTMLDivElement>('#app')!;

app.innerHTML = `
  <header>
    <img src="${logoUrl}" class="logo" alt="Logo" width="96" height="96" />
    <h1>${greeting()}, Vite + TypeScript</h1>
    <p class="subtitle">Edit <code>src/main.ts</code> and watch the page update.</p>
  </header>
  <div class="actions">
    <button id="counter" type="button"></button>
  </div>
  <footer>
    <img src="/icon.png" alt="" width="16" height="16" />
    Running in <code>${import.meta.env.MODE}</code> mode
  </footer>
`;

setupCounter(document.querySelector<HTMLButtonElement>('#counter')!);
app.querySelector('.actions')!.after(renderFeatures());
