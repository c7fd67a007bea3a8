/**
 * TypeScript checks every file of the project for the Problems list, but only once the preview's
 * page has loaded: on a large project that check keeps a core busy for seconds, and on a
 * two-core machine it would slow the first preview down. Until then, only the file in the editor
 * is checked.
 */
import * as monaco from 'monaco-editor';

interface PreviewEvents {
  readonly loadedOnce: boolean;
  on(cb: (e: { type: string }) => void): () => void;
}

/** Start the project-wide check anyway after this long (a page that never fires `load`). */
const MAX_WAIT_MS = 10_000;

function checkEveryFile(on: boolean): void {
  for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
    const options = defaults.getDiagnosticsOptions();
    if (Boolean(options.onlyVisible) === !on) continue;
    defaults.setDiagnosticsOptions({ ...options, onlyVisible: !on });
  }
}

/** Visible files only until `preview` has loaded a page; returns a function that cancels the wait. */
export function checkProjectAfterPreview(preview: PreviewEvents): () => void {
  if (preview.loadedOnce) {
    checkEveryFile(true);
    return () => {};
  }
  checkEveryFile(false);
  const release = () => {
    stop();
    checkEveryFile(true);
  };
  const off = preview.on((e) => {
    if (e.type === 'loaded' || e.type === 'unsupported') release();
  });
  const timer = setTimeout(release, MAX_WAIT_MS);
  function stop() {
    off();
    clearTimeout(timer);
  }
  return stop;
}
