/** The IDE's routes, parsed from `location.pathname` (History API routing). */
import { liveRoomOfPath, tokenOfHash } from '../collab/live-link';
import { sharePayloadOfHash } from '../fs/share-link';
import { parseEmbedOptions, type EmbedOptions } from '../shared/embed-options';
import { PROJECT_ID_PATTERN } from '../shared/preview-origin';

export type Route =
  /** `/`: open the last project (or create the default example). */
  | { view: 'root' }
  /** `/projects`: the list of local projects. */
  | { view: 'home' }
  | { view: 'project'; id: string }
  /** `/live/<room>#t=<token>`: join a live project (room and token are checked when it opens). */
  | { view: 'live'; room: string; token: string }
  /** Any IDE address with `#share=<payload>`: import that snapshot into a new project. */
  | { view: 'share'; payload: string }
  /** `/embed?<options>[#share=<payload>]`: the chrome-light IDE for iframes (project from the link or the SDK). */
  | { view: 'embed'; options: EmbedOptions; payload?: string }
  | { view: 'not-found'; path: string };

/** `hash` matters for live links (their token is in the fragment, never sent to a server) and share links. */
export function parseRoute(pathname: string, hash = '', search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const payload = sharePayloadOfHash(hash);
  if (path === '/embed') return { view: 'embed', options: parseEmbedOptions(search), ...(payload ? { payload } : {}) };
  // Whatever the path: a share link works wherever it was made (and across the localhost redirect).
  if (payload !== undefined && liveRoomOfPath(path) === undefined) return { view: 'share', payload };
  if (path === '/') return { view: 'root' };
  if (path === '/projects') return { view: 'home' };
  const room = liveRoomOfPath(path);
  if (room !== undefined) return { view: 'live', room, token: tokenOfHash(hash) };
  const m = /^\/p\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]);
    // An id that cannot exist is reported by the project view like an unknown one.
    return { view: 'project', id };
  }
  return { view: 'not-found', path: pathname };
}

export function routePath(route: Route): string {
  switch (route.view) {
    case 'root':
      return '/';
    case 'home':
      return '/projects';
    case 'project':
      return `/p/${encodeURIComponent(route.id)}`;
    case 'live':
      // Without the token: it never goes back into the address bar or the history.
      return `/live/${encodeURIComponent(route.room)}`;
    case 'embed':
      return '/embed';
    case 'share':
      // The payload never goes back into the history: once imported, the project has its own address.
      return '/';
    case 'not-found':
      return route.path;
  }
}

export function isValidProjectId(id: string): boolean {
  return PROJECT_ID_PATTERN.test(id);
}
