import './style.css';
import { App } from './App';
import { h } from './jsx';
import { store } from './todos';

const root = document.getElementById('app')!;

function render() {
  // Keep focus in the text box across re-renders.
  const typing = document.activeElement?.getAttribute('name') === 'text';
  root.replaceChildren(<App />);
  if (typing) root.querySelector<HTMLInputElement>('input[name="text"]')?.focus();
}

store.subscribe(render);
render();
