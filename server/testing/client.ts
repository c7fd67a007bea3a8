// A Hocuspocus client in Node, as the browser's would be, for tests and
// benchmarks. HocuspocusProvider 3.x in Node needs its own
// HocuspocusProviderWebsocket (with `ws` as the WebSocket) and an explicit
// `attach()`, or it never syncs.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface ConnectClientOptions {
  /** The server's base URL, http(s) or ws(s); the WebSocket is at this very path. */
  url: string;
  room: string;
  token: string;
  doc?: Y.Doc;
  /** Reconnect after the server closes the socket (the provider's default). Default true. */
  reconnect?: boolean;
}

export interface TestClient {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  /** Resolves on the first full sync with the server. */
  synced: Promise<void>;
  /** Resolves with the scope the server granted: 'read-write' or 'readonly'. */
  authenticated: Promise<string>;
  /** Resolves with the server's reason if it refuses the token. */
  authenticationFailed: Promise<string>;
  /** Resolves with the close code and reason of the first time the socket closes. */
  disconnected: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

/** The WebSocket URL for a server base URL. */
export function webSocketUrl(url: string): string {
  return url.replace(/^http(s?):/, 'ws$1:');
}

export function connectClient(options: ConnectClientOptions): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: webSocketUrl(options.url),
    WebSocketPolyfill: WebSocket,
    // Quick, even retries: tests wait on reconnects, not on backoff.
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
    jitter: false,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: options.room,
    token: options.token,
    document: doc,
  });
  const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  const authenticated = new Promise<string>((resolve) =>
    provider.on('authenticated', ({ scope }: { scope: string }) => resolve(scope)),
  );
  const authenticationFailed = new Promise<string>((resolve) =>
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)),
  );
  const disconnected = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('disconnect', ({ event }: { event: { code: number; reason: string } }) => {
      // Stop the retry the provider schedules right after this event.
      if (options.reconnect === false) socket.shouldConnect = false;
      resolve({ code: event.code, reason: String(event.reason ?? '') });
    }),
  );
  provider.attach();
  return {
    provider,
    socket,
    doc,
    synced,
    authenticated,
    authenticationFailed,
    disconnected,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}
