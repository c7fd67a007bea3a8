/**
 * The IDE page's entry: the bundler worker starts first (esbuild-wasm takes longest), then theme,
 * routing and the app. Monaco loads later, on its own (see editor-loader.ts).
 */
import { render } from 'preact';
import { notify, route } from './app-state';
import { MEMORY_ONLY_NOTICE, prepareStorage } from './browser-storage';
import { saveNow } from './file-actions';
import { startServices } from './project-controller';
import { parseRoute } from './router';
import { initTheme } from './theme-control';
import { App } from './ui/app';
import { EmbedApp } from './embed/embed-app';
import './ui/theme.css';

performance.mark('cove:main');
const start = route.peek();
// An embed that waits for a click or a scroll loads nothing heavy (esbuild-wasm) before it.
if (start.view !== 'embed' || (start.options.load ?? 'eager') === 'eager') startServices();
initTheme();

addEventListener('popstate', () => {
  route.value = parseRoute(location.pathname, location.hash, location.search);
});

// Ctrl/Cmd+S anywhere: no browser "Save page" dialog; flush and confirm instead.
addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
    e.preventDefault();
    void saveNow();
  }
});

// IndexedDB may be denied here (e.g. embedded in another site): then the app runs in memory, and says so.
void prepareStorage().then((mode) => {
  performance.mark('cove:storage-ready');
  const root = document.getElementById('app')!;
  if (start.view === 'embed') render(<EmbedApp options={start.options} payload={start.payload} />, root);
  else render(<App />, root);
  if (mode === 'memory') notify('info', MEMORY_ONLY_NOTICE, true);
});
