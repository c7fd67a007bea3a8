/**
 * Read-only Monaco models for installed package files (`node_modules/...`), opened from the tree.
 * They live under their own URI scheme (`cove-npm:/node_modules/...`) so they never collide with
 * the type declarations given to TypeScript at `file:///node_modules/...`, never count as project
 * files (Problems reads `file:` models only), and never enter the Yjs document. TypeScript and
 * JavaScript get highlighting-only languages: with the real ones, Monaco would add every opened
 * file to the project's TypeScript program (it syncs all models of a language).
 */
import * as monaco from 'monaco-editor';
import { languageForPath } from './language';
import { LARGE_FILE_BYTES } from './model-sync';

export const PACKAGE_SCHEME = 'cove-npm';

export function packageUri(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: PACKAGE_SCHEME, path: '/' + path });
}

const HIGHLIGHT_ONLY: Record<string, string> = {
  typescript: 'cove-npm-typescript',
  javascript: 'cove-npm-javascript',
};

let registered = false;

function registerHighlightOnlyLanguages(): void {
  if (registered) return;
  registered = true;
  const grammars = {
    'cove-npm-typescript': () => import('monaco-editor/esm/vs/basic-languages/typescript/typescript.js'),
    'cove-npm-javascript': () => import('monaco-editor/esm/vs/basic-languages/javascript/javascript.js'),
  };
  for (const [id, load] of Object.entries(grammars)) {
    monaco.languages.register({ id });
    monaco.languages.onLanguage(id, () => {
      void load().then((g) => {
        monaco.languages.setLanguageConfiguration(id, g.conf);
        monaco.languages.setMonarchTokensProvider(id, g.language);
      });
    });
  }
}

export function packageLanguage(path: string, size: number): string {
  if (size > LARGE_FILE_BYTES) return 'plaintext';
  const lang = languageForPath(path);
  return HIGHLIGHT_ONLY[lang] ?? lang;
}

interface Entry {
  promise: Promise<monaco.editor.ITextModel>;
  model?: monaco.editor.ITextModel;
  view?: monaco.editor.ICodeEditorViewState | null;
}

export class PackageFileModels {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly read: (path: string) => Promise<string>) {
    registerHighlightOnlyLanguages();
  }

  /** The model of an installed file, read once while its tab stays open. */
  open(path: string): Promise<monaco.editor.ITextModel> {
    const existing = this.entries.get(path);
    if (existing && !existing.model?.isDisposed()) return existing.promise;
    const entry: Entry = {
      promise: this.read(path).then((text) => {
        // Closed (or the project left) while the file was being read.
        if (this.entries.get(path) !== entry) throw new Error(`${path} was closed.`);
        const uri = packageUri(path);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(text, packageLanguage(path, text.length), uri);
        entry.model = model;
        return model;
      }),
    };
    // A failed read is not cached: Retry (or reopening the tab) reads again.
    entry.promise.catch(() => {
      if (this.entries.get(path) === entry) this.entries.delete(path);
    });
    this.entries.set(path, entry);
    return entry.promise;
  }

  isPackageModel(model: monaco.editor.ITextModel | null): boolean {
    return model?.uri.scheme === PACKAGE_SCHEME;
  }

  saveViewState(model: monaco.editor.ITextModel, view: monaco.editor.ICodeEditorViewState | null): void {
    for (const e of this.entries.values()) if (e.model === model) e.view = view;
  }

  viewState(path: string): monaco.editor.ICodeEditorViewState | null | undefined {
    return this.entries.get(path)?.view;
  }

  /** Dispose the models of files whose tabs were closed. */
  retain(openPaths: ReadonlySet<string>): void {
    for (const path of [...this.entries.keys()]) if (!openPaths.has(path)) this.close(path);
  }

  dispose(): void {
    for (const path of [...this.entries.keys()]) this.close(path);
  }

  private close(path: string): void {
    const entry = this.entries.get(path);
    this.entries.delete(path);
    entry?.model?.dispose();
  }
}
