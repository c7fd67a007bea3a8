/** A real HTTP server on a free loopback port for Node tests, counting hits per path. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  /** Requests per path (with query), including repeats. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** `handle` gets the request's path and how many times that path was asked for, this one included. */
export async function startTestServer(
  handle: (req: IncomingMessage, res: ServerResponse, path: string, hit: number) => void,
): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    handle(req, res, path, hit);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
