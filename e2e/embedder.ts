/**
 * A page of another site that embeds Cove, served for real on 127.0.0.1 (a different site from
 * app.localhost). A page fulfilled by `page.route` would count as public to Chromium, whose Local
 * Network Access checks then block the IDE's loopback frame.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Embedder {
  /** The embedding page, whose iframe (title "Cove") loads `path` of the app. */
  url(path?: string): string;
  close(): Promise<void>;
}

export async function startEmbedder(appBaseUrl: string): Promise<Embedder> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').searchParams.get('path') ?? '/';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Another site</title>` +
        `<iframe title="Cove" src="${appBaseUrl}${path.startsWith('/') ? path : '/'}" style="width:1200px;height:800px"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: (path = '/') => origin + '?path=' + encodeURIComponent(path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
