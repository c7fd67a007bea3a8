/** The collaboration server's HTTP API: creating a room (`POST {base}/rooms`). */
import { isRoomId, isTokenShape } from './live-link';

export interface CreatedRoom {
  room: string;
  editToken: string;
  readToken: string;
  /** When the tokens expire, ms since the epoch. */
  expiresAt: number;
}

export type RoomsApiErrorKind = 'unreachable' | 'rate-limited' | 'server' | 'bad-answer';

export class RoomsApiError extends Error {
  constructor(
    readonly kind: RoomsApiErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RoomsApiError';
  }
}

export interface CreateRoomOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
}

/** Ask the server at `base` for a new room and its two tokens. Errors say what went wrong, for people. */
export async function createRoom(
  base: string,
  fetchFn: typeof fetch = fetch,
  { timeoutMs = 15_000 }: CreateRoomOptions = {},
): Promise<CreatedRoom> {
  const url = `${base.replace(/\/+$/, '')}/rooms`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let res: Response;
  let body: string;
  try {
    // No body and no custom headers: a "simple" request, so browsers send no CORS preflight.
    res = await fetchFn(url, { method: 'POST', signal: abort.signal });
    body = await res.text();
  } catch {
    throw new RoomsApiError(
      'unreachable',
      abort.signal.aborted
        ? `The live sharing server at ${base} did not answer within ${Math.round(timeoutMs / 1000)} s.`
        : `Cannot reach the live sharing server at ${base}. Check your connection, or that the server is running.`,
    );
  } finally {
    clearTimeout(timer);
  }
  const json = parseJson(body);
  if (res.status === 429) {
    const detail = errorText(json);
    throw new RoomsApiError(
      'rate-limited',
      `Too many live rooms were created from this address${detail ? ` (${detail})` : ''}. Wait a minute and try again.`,
    );
  }
  if (!res.ok) {
    const detail = errorText(json);
    throw new RoomsApiError(
      'server',
      `The live sharing server could not create a room (HTTP ${res.status}${detail ? `: ${detail}` : ''}).`,
    );
  }
  const room = readRoom(json);
  if (!room) throw new RoomsApiError('bad-answer', `The live sharing server at ${base} gave an unexpected answer.`);
  return room;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server's `{"error": "..."}` message, shortened (it is shown to people). */
function errorText(json: unknown): string | undefined {
  const error = (json as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' && error.trim() ? error.trim().slice(0, 200) : undefined;
}

function readRoom(json: unknown): CreatedRoom | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { room, editToken, readToken, expiresAt } = json as Record<string, unknown>;
  if (typeof room !== 'string' || !isRoomId(room)) return undefined;
  if (typeof editToken !== 'string' || !isTokenShape(editToken)) return undefined;
  if (typeof readToken !== 'string' || !isTokenShape(readToken)) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  return { room, editToken, readToken, expiresAt };
}
