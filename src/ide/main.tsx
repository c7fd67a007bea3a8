/** The IDE page's entry: Monaco set-up, theme, routing, then the app. */
import { render } from 'preact';
import { route } from './app-state';
import { setupMonaco } from './editor/monaco-setup';
import { saveNow } from './file-actions';
import { parseRoute } from './router';
import { initTheme } from './theme-control';
import { App } from './ui/app';
import './ui/theme.css';

setupMonaco();
initTheme();

addEventListener('popstate', () => {
  route.value = parseRoute(location.pathname);
});

// Ctrl/Cmd+S anywhere: no browser "Save page" dialog; flush and confirm instead.
addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
    e.preventDefault();
    void saveNow();
  }
});

render(<App />, document.getElementById('app')!);
