/**
 * Monaco's TypeScript worker, with one change: looking a file up by name. Monaco's own
 * `_getModel` scans every model and formats its URI twice per lookup, and the language service
 * looks up every file on every request, so with a thousand files each keystroke or hover cost
 * about a second of this worker's time (a core of a two-core machine, competing with the
 * preview). Here the names are indexed whenever TypeScript asks for the list of files, which it
 * does at the start of every request.
 */
// @ts-expect-error Monaco ships no types for its worker internals.
import { initialize } from 'monaco-editor/esm/vs/common/initialize.js';
// @ts-expect-error Monaco ships no types for its worker internals.
import { TypeScriptWorker, create } from 'monaco-editor/esm/vs/language/typescript/tsWorker.js';

interface MirrorModel {
  uri: { toString(skipEncoding?: boolean): string };
}

interface WorkerInternals {
  _ctx: { getMirrorModels(): MirrorModel[] };
  _getModel(fileName: string): MirrorModel | null;
  getScriptFileNames(): string[];
}

interface ModelIndex {
  byName: Map<string, MirrorModel>;
}

const indexes = new WeakMap<WorkerInternals, ModelIndex>();

function reindex(worker: WorkerInternals): ModelIndex {
  const byName = new Map<string, MirrorModel>();
  for (const model of worker._ctx.getMirrorModels()) {
    // The two spellings Monaco's scan accepts.
    byName.set(model.uri.toString(), model);
    byName.set(model.uri.toString(true), model);
  }
  const index = { byName };
  indexes.set(worker, index);
  return index;
}

const proto = (TypeScriptWorker as { prototype: WorkerInternals }).prototype;
const listFiles = proto.getScriptFileNames;

proto.getScriptFileNames = function (this: WorkerInternals) {
  reindex(this);
  return listFiles.call(this);
};

// Models only come and go between requests (each a message of its own), and every request starts by
// listing the files, so the index is current whenever TypeScript looks a file up. Most lookups that
// miss are module resolution probing for files that do not exist.
proto._getModel = function (this: WorkerInternals, fileName: string) {
  return (indexes.get(this) ?? reindex(this)).byName.get(fileName) ?? null;
};

self.onmessage = () => {
  initialize((ctx: unknown, createData: unknown) => create(ctx, createData));
};
