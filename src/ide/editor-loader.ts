/** Loads the Monaco half of the IDE once, on first need. */
import { signal } from '@preact/signals';
import type * as EditorApi from './editor';

export type EditorModule = typeof EditorApi;

export const editorModule = signal<EditorModule | undefined>(undefined);
let loading: Promise<EditorModule> | undefined;

export function loadEditor(): Promise<EditorModule> {
  loading ??= import('./editor').then(
    (mod) => {
      editorModule.value = mod;
      return mod;
    },
    (err: unknown) => {
      loading = undefined; // a failed chunk load (offline, new deploy) can be retried
      throw err;
    },
  );
  return loading;
}
