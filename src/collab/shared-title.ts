/**
 * A live project's title, shared through its doc: `doc.getMap('project').get('title')`.
 * Written when a project goes live and on every rename while live; a joiner reads it after sync.
 */
import type * as Y from 'yjs';

export const PROJECT_MAP_KEY = 'project';
const TITLE_KEY = 'title';
const MAX_TITLE_LENGTH = 200;

function projectMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PROJECT_MAP_KEY);
}

/** The shared title, cleaned (it may come from anyone in the room), or undefined. */
export function sharedTitle(doc: Y.Doc): string | undefined {
  const raw = projectMap(doc).get(TITLE_KEY);
  if (typeof raw !== 'string') return undefined;
  const clean = raw
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TITLE_LENGTH);
  return clean || undefined;
}

export function setSharedTitle(doc: Y.Doc, title: string): void {
  if (projectMap(doc).get(TITLE_KEY) !== title) projectMap(doc).set(TITLE_KEY, title);
}

/** Calls `listener` with the new title whenever it changes (here, in another tab or remotely). */
export function onSharedTitle(doc: Y.Doc, listener: (title: string, local: boolean) => void): () => void {
  const map = projectMap(doc);
  const observer = (event: Y.YMapEvent<unknown>) => {
    if (!event.keysChanged.has(TITLE_KEY)) return;
    const title = sharedTitle(doc);
    if (title) listener(title, event.transaction.local);
  };
  map.observe(observer);
  return () => map.unobserve(observer);
}
