/**
 * Presence: who else is in the room, from Yjs awareness states. Those states are written by other
 * people's browsers, so every field is checked and anything odd is dropped rather than trusted
 * (names end up in the DOM, colours in CSS, paths in the file tree, selections in Yjs lookups).
 */
import { normalizePath } from '../shared/paths';
import { cleanName, isColor, PALETTE, type Identity } from './identity';

/** A `Y.RelativePosition` as it travels in awareness (JSON). */
export interface RelativePositionJson {
  type: { client: number; clock: number } | null;
  tname: string | null;
  item: { client: number; clock: number } | null;
  assoc: number;
}

/** y-monaco's `selection` awareness field. */
export interface PeerSelection {
  anchor: RelativePositionJson;
  head: RelativePositionJson;
}

export interface Peer {
  /** The peer's Yjs client id (its awareness key). */
  clientId: number;
  name: string;
  /** `#rrggbb` */
  color: string;
  /** The project path of the file they have open. */
  file?: string;
  selection?: PeerSelection;
}

/** What this browser publishes: `{ user: { name, color }, file? }` (y-monaco adds `selection`). */
export interface LocalPresence {
  user: Identity;
  file?: string;
}

const MAX_PATH_LENGTH = 1024;

export function parsePeer(clientId: number, state: unknown): Peer | undefined {
  if (!Number.isSafeInteger(clientId) || clientId < 0 || !isRecord(state)) return undefined;
  const user = state.user;
  if (!isRecord(user)) return undefined;
  const name = typeof user.name === 'string' ? cleanName(user.name) : '';
  const rawColor = typeof user.color === 'string' ? user.color.toLowerCase() : undefined;
  const peer: Peer = {
    clientId,
    name: name || 'Anonymous',
    color: isColor(rawColor) ? rawColor : fallbackColor(clientId),
  };
  const file = parseFile(state.file);
  if (file) peer.file = file;
  const selection = parseSelection(state.selection);
  if (selection) peer.selection = selection;
  return peer;
}

/** Everyone but `selfId`, in a stable order (by name, then client id). */
export function peersFromStates(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [id, state] of states) {
    if (id === selfId) continue;
    const peer = parsePeer(id, state);
    if (peer) peers.push(peer);
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return a.length === b.length && a.every((p, i) => JSON.stringify(p) === JSON.stringify(b[i]));
}

/** A palette colour for a peer that sent none (stable per client). */
export function fallbackColor(clientId: number): string {
  return PALETTE[Math.abs(clientId) % PALETTE.length];
}

function parseFile(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value || value.length > MAX_PATH_LENGTH) return undefined;
  try {
    const path = normalizePath(value);
    return path === value ? path : undefined;
  } catch {
    return undefined;
  }
}

function parseSelection(value: unknown): PeerSelection | undefined {
  if (!isRecord(value)) return undefined;
  const anchor = parseRelativePosition(value.anchor);
  const head = parseRelativePosition(value.head);
  return anchor && head ? { anchor, head } : undefined;
}

/** A Y.RelativePosition's JSON from another person's awareness state, checked field by field. */
export function parseRelativePosition(value: unknown): RelativePositionJson | undefined {
  if (!isRecord(value)) return undefined;
  const type = value.type == null ? null : parseId(value.type);
  const item = value.item == null ? null : parseId(value.item);
  if (type === undefined || item === undefined) return undefined;
  const tname = value.tname == null ? null : typeof value.tname === 'string' ? value.tname : undefined;
  if (tname === undefined || (type === null && tname === null && item === null)) return undefined;
  const assoc = value.assoc === undefined ? 0 : value.assoc;
  if (typeof assoc !== 'number' || !Number.isInteger(assoc)) return undefined;
  return { type, tname, item, assoc };
}

function parseId(value: unknown): { client: number; clock: number } | undefined {
  if (!isRecord(value)) return undefined;
  const { client, clock } = value;
  return isCounter(client) && isCounter(clock) ? { client, clock } : undefined;
}

const isCounter = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
