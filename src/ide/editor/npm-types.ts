/**
 * Installed packages' type declarations fed to Monaco's TypeScript service as extra libs at
 * `file:///node_modules/...`, next to the project's models at `file:///src/...`, so that
 * `import { useState } from 'react'` resolves through node_modules (`@types/react`, a package's own
 * `types`/`exports`) the way tsc would. The package.json files come along for that resolution.
 *
 * Each declaration file also gets a read-only model of a highlight-only language at the same URI.
 * Otherwise Monaco makes a TypeScript model of a lib the first time a diagnostic, definition or
 * reference points into it; the TS worker then sees that file twice (the model as
 * `%40types/...`, the lib as `@types/...`), checks it as a project file, and keeps it after the
 * lib is gone. A model of another language is never synced to the worker, and Monaco reuses it.
 */
import * as monaco from 'monaco-editor';
import type { NpmTypeFile } from '../services/bundler-client';
import { setInstalledTypeFiles } from './monaco-setup';
import { packageLanguage } from './package-file-models';

interface TypesSource {
  onNpmTypes(cb: (projectId: string, files: NpmTypeFile[], replace: boolean) => void): () => void;
}

interface Lib {
  text: string;
  handles: monaco.IDisposable[];
  model?: monaco.editor.ITextModel;
}

const DECLARATION = /\.d\.[cm]?ts$/;

/**
 * Keeps the project's type files in Monaco until the returned function is called. What arrived before
 * the editor loaded comes at once (the bundler client keeps the last set).
 */
export function attachNpmTypes(source: TypesSource, projectId: string): () => void {
  const libs = new Map<string, Lib>();
  const drop = (path: string) => {
    const lib = libs.get(path);
    for (const h of lib?.handles ?? []) h.dispose();
    lib?.model?.dispose();
    libs.delete(path);
  };
  const off = source.onNpmTypes((id, files, replace) => {
    if (id !== projectId) return;
    if (replace) {
      const keep = new Set(files.map((f) => f.path));
      for (const path of [...libs.keys()]) if (!keep.has(path)) drop(path);
    }
    for (const file of files) {
      // Unchanged files keep their lib: Monaco hands back a no-op handle for identical content.
      if (libs.get(file.path)?.text === file.text) continue;
      drop(file.path);
      libs.set(file.path, addLib(file));
    }
    setInstalledTypeFiles(new Set(libs.keys()));
  });
  return () => {
    off();
    for (const path of [...libs.keys()]) drop(path);
    setInstalledTypeFiles(new Set());
  };
}

function addLib(file: NpmTypeFile): Lib {
  const name = 'file:///' + file.path;
  const handles = [
    monaco.typescript.typescriptDefaults.addExtraLib(file.text, name),
    monaco.typescript.javascriptDefaults.addExtraLib(file.text, name),
  ];
  if (!DECLARATION.test(file.path)) return { text: file.text, handles };
  const uri = monaco.Uri.parse(name);
  const existing = monaco.editor.getModel(uri);
  // A model Monaco made itself (TypeScript language) is replaced; a project file of that name is left alone.
  if (existing && existing.getLanguageId() !== 'typescript') return { text: file.text, handles };
  existing?.dispose();
  const model = monaco.editor.createModel(file.text, packageLanguage(file.path, file.text.length), uri);
  return { text: file.text, handles, model };
}
