/** One-time Monaco set-up for the page: workers, themes, TypeScript defaults. */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import TsWorker from './ts.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import CssWorker from 'monaco-editor/esm/vs/language/css/css.worker.js?worker';
import HtmlWorker from 'monaco-editor/esm/vs/language/html/html.worker.js?worker';
import type { Theme } from '../theme';
import { monacoThemeFor } from '../theme';
import { PACKAGE_FALLBACK_TYPES, VITE_CLIENT_TYPES } from './ambient-types';
import { withInstalledTypes, type MappedOptions } from './tsconfig-options';

let done = false;

export function setupMonaco(): typeof monaco {
  if (done) return monaco;
  done = true;
  self.MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      if (label === 'json') return new JsonWorker();
      if (label === 'css' || label === 'scss' || label === 'less') return new CssWorker();
      if (label === 'html' || label === 'handlebars' || label === 'razor') return new HtmlWorker();
      return new EditorWorker();
    },
  };
  monaco.editor.defineTheme('cove-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#ffffff',
      'editorGutter.background': '#ffffff',
      'editor.lineHighlightBorder': '#00000000',
    },
  });
  monaco.editor.defineTheme('cove-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#1b1d23',
      'editorGutter.background': '#1b1d23',
      'editor.lineHighlightBorder': '#00000000',
    },
  });
  // tsconfig files are JSON with comments; a comment is not a problem worth listing anywhere.
  monaco.json.jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: true, trailingCommas: 'ignore' });
  for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
    defaults.setEagerModelSync(true);
    defaults.addExtraLib(PACKAGE_FALLBACK_TYPES, 'file:///node_modules/@cove/packages.d.ts');
  }
  return monaco;
}

export function applyMonacoTheme(theme: Theme): void {
  monaco.editor.setTheme(monacoThemeFor(theme));
}

let viteLib: monaco.IDisposable[] = [];
let lastMapped: MappedOptions | undefined;
let installedTypeFiles: ReadonlySet<string> = new Set();
let appliedOptions = '';

/** Apply the project's compiler options; `vite/client` in `types` adds Vite's ambient declarations. */
export function applyCompilerOptions(mapped: MappedOptions): void {
  lastMapped = mapped;
  pushCompilerOptions();
  for (const d of viteLib) d.dispose();
  viteLib = [];
  // Templates without a `types` entry still get the declarations: the bundler handles these imports anyway.
  for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
    viteLib.push(defaults.addExtraLib(VITE_CLIENT_TYPES, 'file:///node_modules/vite/client.d.ts'));
  }
}

/** The installed packages' type files changed: the tsconfig's `types` entries that are now there take effect. */
export function setInstalledTypeFiles(paths: ReadonlySet<string>): void {
  installedTypeFiles = paths;
  pushCompilerOptions();
}

function pushCompilerOptions(): void {
  if (!lastMapped) return;
  const options = withInstalledTypes(lastMapped, installedTypeFiles);
  // Every change of options restarts Monaco's TypeScript worker: skip the ones that change nothing.
  const key = JSON.stringify(options);
  if (key === appliedOptions) return;
  appliedOptions = key;
  for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
    defaults.setCompilerOptions(options as monaco.typescript.CompilerOptions);
  }
}
