import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { packTar } from 'modern-tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { createRegistryClient, labelFromTarballUrl, PACKUMENT_ACCEPT } from './registry-client';
import type { RegistryConfig } from './registry-config';
import { startTestServer, type TestServer } from './testing/http-server';

/** A tiny registry: packuments and tarballs by path, plus routes that misbehave on purpose. */
let server: TestServer;
let base = '';
let hits = new Map<string, number>();
const requests: IncomingMessage[] = [];
const closedEarly: string[] = [];
const routes = new Map<string, (res: ServerResponse, hit: number) => void>();

const json = (body: unknown) => (res: ServerResponse) => {
  res.setHeader('content-type', 'application/vnd.npm.install-v1+json');
  res.end(JSON.stringify(body));
};
const bytes = (body: Uint8Array) => (res: ServerResponse) => res.end(body);
const status = (code: number) => (res: ServerResponse) => ((res.statusCode = code), res.end());

async function tgz(files: Record<string, string>): Promise<Uint8Array> {
  const tar = await packTar(
    Object.entries(files).map(([name, body]) => ({
      header: { name, size: new TextEncoder().encode(body).length, type: 'file' as const },
      body,
    })),
  );
  const stream = new Blob([tar]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const sha512 = (b: Uint8Array) => `sha512-${createHash('sha512').update(b).digest('base64')}`;

let goodTgz: Uint8Array;
let noManifestTgz: Uint8Array;

function packument(name: string, versions: string[]) {
  const unscoped = name.startsWith('@') ? name.split('/')[1] : name;
  return {
    name,
    'dist-tags': { latest: versions.at(-1) },
    versions: Object.fromEntries(
      versions.map((v) => [
        v,
        { name, version: v, dist: { tarball: `${base}/${name}/-/${unscoped}-${v}.tgz`, integrity: 'sha512-x' } },
      ]),
    ),
  };
}

beforeAll(async () => {
  goodTgz = await tgz({
    'package/package.json': JSON.stringify({ name: 'good', version: '1.2.3', main: 'index.js' }),
    'package/index.js': 'module.exports = "good";',
  });
  noManifestTgz = await tgz({ 'package/index.js': '1' });
  server = await startTestServer((req, res, path, hit) => {
    requests.push(req);
    res.on('close', () => {
      if (!res.writableFinished) closedEarly.push(path);
    });
    (routes.get(path) ?? status(404))(res, hit);
  });
  base = server.base;
  hits = server.hits;
});

afterAll(() => server.close());

beforeEach(() => {
  hits.clear();
  requests.length = 0;
  closedEarly.length = 0;
  routes.clear();
});

const config = (): RegistryConfig => ({ registry: `${base}/`, scopes: { '@corp': `${base}/corp/` } });
const client = (extra: Partial<Parameters<typeof createRegistryClient>[0]> = {}) =>
  createRegistryClient({ config: config(), backoffMs: [10], timeoutMs: 2000, ...extra });

async function npmError(promise: Promise<unknown>): Promise<NpmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NpmError);
  return error as NpmError;
}

describe('packument', () => {
  it('asks with only the Accept header and validates the answer', async () => {
    routes.set('/react', json(packument('react', ['18.2.0', '18.3.1'])));
    const inits: (RequestInit | undefined)[] = [];
    const registry = client({ fetch: (input, init) => (inits.push(init), fetch(input, init)) });
    const p = await registry.packument('react');
    expect(p['dist-tags'].latest).toBe('18.3.1');
    expect(Object.keys(p.versions)).toEqual(['18.2.0', '18.3.1']);
    expect(inits[0]?.headers).toEqual({ Accept: PACKUMENT_ACCEPT });
    expect(requests[0].headers.accept).toBe(PACKUMENT_ACCEPT);
  });

  it('encodes scoped names and uses the scope registry', async () => {
    routes.set('/corp/@corp%2fui', json(packument('@corp/ui', ['1.0.0'])));
    routes.set('/@other%2fui', json(packument('@other/ui', ['2.0.0'])));
    expect((await client().packument('@corp/ui')).name).toBe('@corp/ui');
    expect((await client().packument('@other/ui')).name).toBe('@other/ui');
    expect([...hits.keys()]).toEqual(['/corp/@corp%2fui', '/@other%2fui']);
  });

  it('asks once per name, sharing requests in flight and results', async () => {
    routes.set('/react', json(packument('react', ['18.3.1'])));
    const registry = client();
    const [a, b] = await Promise.all([registry.packument('react'), registry.packument('react')]);
    const c = await registry.packument('react');
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(hits.get('/react')).toBe(1);
  });

  it('says which package does not exist in which registry', async () => {
    const error = await npmError(client().packument('no-such-package'));
    expect(error.code).toBe('unknown-package');
    expect(error.message).toBe(`Package 'no-such-package' does not exist in the registry ${base}/`);
    expect(error.packageName).toBe('no-such-package');
  });

  it('retries a failing registry and then succeeds', async () => {
    routes.set('/flaky', (res, hit) => (hit === 1 ? status(500)(res) : json(packument('flaky', ['1.0.0']))(res)));
    expect((await client().packument('flaky')).name).toBe('flaky');
    expect(hits.get('/flaky')).toBe(2);
  });

  it('says which registry cannot be reached and why', async () => {
    routes.set('/down', status(502));
    const error = await npmError(client().packument('down'));
    expect(error.code).toBe('registry-unreachable');
    expect(error.message).toBe(`Cannot reach the npm registry at ${base}/ (asking for 'down'): HTTP 502 Bad Gateway`);
    expect(hits.get('/down')).toBe(3);

    const nowhere = createRegistryClient({
      config: { registry: 'http://127.0.0.1:9/', scopes: {} },
      backoffMs: [1],
    });
    const refused = await npmError(nowhere.packument('react'));
    expect(refused.code).toBe('registry-unreachable');
    expect(refused.message).toMatch(/^Cannot reach the npm registry at http:\/\/127\.0\.0\.1:9\/ .*fetch failed/);
  });

  it('refuses answers that are not packuments, and asks again next time', async () => {
    routes.set('/broken', (res) => res.end('<html>proxy error</html>'));
    const registry = client();
    const error = await npmError(registry.packument('broken'));
    expect(error.code).toBe('registry-unreachable');
    expect(error.message).toContain("'broken' with an invalid packument (not JSON)");
    routes.set('/broken', json({ name: 'broken', 'dist-tags': {} }));
    expect((await npmError(registry.packument('broken'))).message).toContain('(no versions)');
    routes.set('/broken', json(packument('broken', ['1.0.0'])));
    expect((await registry.packument('broken')).versions['1.0.0'].version).toBe('1.0.0');
    expect(hits.get('/broken')).toBe(3);
  });

  it('drops versions without a tarball and tolerates missing dist-tags', async () => {
    const p = packument('odd', ['1.0.0', '2.0.0']) as Record<string, unknown>;
    delete p['dist-tags'];
    (p.versions as Record<string, unknown>)['2.0.0'] = { name: 'odd', version: '2.0.0' };
    routes.set('/odd', json(p));
    const parsed = await client().packument('odd');
    expect(Object.keys(parsed.versions)).toEqual(['1.0.0']);
    expect(parsed['dist-tags']).toEqual({});
  });

  it('reports an unpublished package as unknown', async () => {
    routes.set('/gone', json({ name: 'gone', time: { unpublished: { time: '2020-01-01' } } }));
    const error = await npmError(client().packument('gone'));
    expect(error.code).toBe('unknown-package');
    expect(error.message).toContain('unpublished');
  });

  it('refuses names that cannot be packages without asking', async () => {
    expect((await npmError(client().packument('../secrets'))).code).toBe('unknown-package');
    expect(hits.size).toBe(0);
  });

  it('keeps a shared request alive for callers who stay, and aborts it when all leave', async () => {
    routes.set('/slow', (res) => setTimeout(() => json(packument('slow', ['1.0.0']))(res), 150));
    const registry = client();
    const leaving = new AbortController();
    const left = npmError(registry.packument('slow', leaving.signal));
    const staying = registry.packument('slow', new AbortController().signal);
    leaving.abort();
    expect((await left).code).toBe('cancelled');
    expect((await staying).name).toBe('slow');

    routes.set('/hangs', () => {});
    const everyone = new AbortController();
    const one = npmError(registry.packument('hangs', everyone.signal));
    const two = npmError(registry.packument('hangs', everyone.signal));
    await new Promise((r) => setTimeout(r, 50));
    everyone.abort();
    expect([(await one).code, (await two).code]).toEqual(['cancelled', 'cancelled']);
    await new Promise((r) => setTimeout(r, 50));
    expect(closedEarly).toContain('/hangs'); // The request itself was aborted.
    routes.set('/hangs', json(packument('hangs', ['1.0.0'])));
    expect((await registry.packument('hangs')).name).toBe('hangs'); // Asked again, not the cancelled one.
  });
});

describe('tarball', () => {
  it('downloads, verifies, unpacks and reports bytes', async () => {
    routes.set('/good/-/good-1.2.3.tgz', bytes(goodTgz));
    let reported = 0;
    const contents = await client().tarball(`${base}/good/-/good-1.2.3.tgz`, sha512(goodTgz), undefined, (n) => {
      reported += n;
    });
    expect(contents.name).toBe('good');
    expect(contents.version).toBe('1.2.3');
    expect(contents.integrity).toBe(sha512(goodTgz));
    expect(new TextDecoder().decode(contents.files.get('index.js'))).toBe('module.exports = "good";');
    expect(reported).toBe(goodTgz.length);
  });

  it('computes a sha512 integrity when none was promised', async () => {
    routes.set('/good/-/good-1.2.3.tgz', bytes(goodTgz));
    const contents = await client().tarball(`${base}/good/-/good-1.2.3.tgz`, undefined);
    expect(contents.integrity).toBe(sha512(goodTgz));
  });

  it('refuses bytes that do not match the integrity, naming the package and both hashes', async () => {
    const url = `${base}/@corp/ui/-/ui-1.0.0.tgz`;
    routes.set('/@corp/ui/-/ui-1.0.0.tgz', bytes(goodTgz));
    const promised = sha512(noManifestTgz);
    const error = await npmError(client().tarball(url, promised));
    expect(error.code).toBe('integrity-mismatch');
    expect(error.message).toBe(
      `Integrity check failed for @corp/ui@1.0.0 (${url}): expected ${promised} but the download has ${sha512(goodTgz)}`,
    );
  });

  it('refuses bodies that are not gzip, and tarballs without package.json', async () => {
    routes.set('/html/-/html-1.0.0.tgz', (res) => res.end('<html>Sign in to continue</html>'));
    const html = await npmError(client().tarball(`${base}/html/-/html-1.0.0.tgz`, undefined));
    expect(html.code).toBe('corrupt-tarball');
    expect(html.message).toMatch(/^The tarball of html@1\.0\.0 \(.*\) is corrupt: it is not gzip data$/);

    routes.set('/bare/-/bare-1.0.0.tgz', bytes(noManifestTgz));
    const bare = await npmError(client().tarball(`${base}/bare/-/bare-1.0.0.tgz`, sha512(noManifestTgz)));
    expect(bare.code).toBe('corrupt-tarball');
    expect(bare.message).toContain('it has no package.json');
  });

  it('reports a missing tarball and a registry that keeps failing', async () => {
    const missing = await npmError(client().tarball(`${base}/none/-/none-1.0.0.tgz`, undefined));
    expect(missing.code).toBe('unknown-package');
    expect(missing.message).toContain('none@1.0.0');

    routes.set('/down/-/down-1.0.0.tgz', status(503));
    const down = await npmError(client().tarball(`${base}/down/-/down-1.0.0.tgz`, undefined));
    expect(down.code).toBe('registry-unreachable');
    expect(down.message).toBe(
      `Cannot download down@1.0.0 from ${base}/down/-/down-1.0.0.tgz: HTTP 503 Service Unavailable`,
    );
  });

  it('retries a download that fails and counts its bytes once', async () => {
    routes.set('/good/-/good-1.2.3.tgz', (res, hit) => {
      if (hit > 1) return bytes(goodTgz)(res);
      // Half the body, then the connection drops.
      res.setHeader('content-length', String(goodTgz.length));
      res.write(goodTgz.subarray(0, 100), () => setTimeout(() => res.destroy(), 20));
    });
    let reported = 0;
    const contents = await client().tarball(`${base}/good/-/good-1.2.3.tgz`, sha512(goodTgz), undefined, (n) => {
      reported += n;
    });
    expect(contents.version).toBe('1.2.3');
    expect(hits.get('/good/-/good-1.2.3.tgz')).toBe(2);
    expect(reported).toBe(goodTgz.length);
  });

  it('times out a download that hangs, and cancels one on request', async () => {
    routes.set('/hang/-/hang-1.0.0.tgz', () => {});
    const timedOut = await npmError(
      client({ timeoutMs: 100, retries: 1 }).tarball(`${base}/hang/-/hang-1.0.0.tgz`, undefined),
    );
    expect(timedOut.code).toBe('registry-unreachable');
    expect(timedOut.message).toContain('hang@1.0.0');
    expect(timedOut.message).toContain('no data for 0.1 s');

    const controller = new AbortController();
    const pending = npmError(client().tarball(`${base}/hang/-/hang-1.0.0.tgz`, undefined, controller.signal));
    setTimeout(() => controller.abort(), 50);
    expect((await pending).code).toBe('cancelled');
  });
});

describe('labelFromTarballUrl', () => {
  it('names the package and version of registry tarball URLs', () => {
    expect(labelFromTarballUrl('http://r.example.test/react/-/react-18.3.1.tgz')).toBe('react@18.3.1');
    expect(labelFromTarballUrl('http://r.example.test/npm/@s/n/-/n-1.0.0-beta.1.tgz')).toBe('@s/n@1.0.0-beta.1');
    expect(labelFromTarballUrl('http://r.example.test/@s%2fn/-/n-2.0.0.tgz')).toBe('@s/n@2.0.0');
    expect(labelFromTarballUrl('http://r.example.test/files/x.tgz')).toBe('http://r.example.test/files/x.tgz');
  });
});
