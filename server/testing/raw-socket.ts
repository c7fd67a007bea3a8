// A bare WebSocket to the server, for sending what no provider would: junk,
// oversized frames, hand-made Hocuspocus messages.
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { webSocketUrl } from './client';

export type RawOpen =
  | { ok: true; ws: WebSocket; closed: Promise<{ code: number; reason: string }> }
  | { ok: false; status: number; body: string };

/** Opens a socket; resolves with it, or with the HTTP status the server refused the upgrade with. */
export function openRawSocket(url: string, headers: Record<string, string> = {}): Promise<RawOpen> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(webSocketUrl(url), { headers });
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.once('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    ws.once('open', () => resolve({ ok: true, ws, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (err) => reject(err));
  });
}

/** The message a provider sends first: its token for a room (type Auth, subtype Token). */
export function authMessage(room: string, token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, room);
  encoding.writeVarUint(encoder, 2); // MessageType.Auth
  encoding.writeVarUint(encoder, 0); // AuthMessageType.Token
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** A sync message (type Sync) carrying a Yjs update for a room, as a provider sends an edit. */
export function updateMessage(room: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, room);
  encoding.writeVarUint(encoder, 0); // MessageType.Sync
  encoding.writeVarUint(encoder, 2); // y-protocols messageYjsUpdate
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A stateless message every connection of the room would receive (type BroadcastStateless). */
export function broadcastMessage(room: string, payload: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, room);
  encoding.writeVarUint(encoder, 6); // MessageType.BroadcastStateless
  encoding.writeVarString(encoder, payload);
  return encoding.toUint8Array(encoder);
}
