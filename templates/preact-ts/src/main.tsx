import { render } from 'preact';
import './style.css';
import { App } from './App.tsx';

render(<App />, document.getElementById('app')!);
