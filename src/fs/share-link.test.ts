import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeSharePayload,
  encodeShareLink,
  MAX_SHARE_JSON_BYTES,
  ShareLinkError,
  sharePayloadOfHash,
} from './share-link';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128, 0xfb, 0xff]);

/** A payload made the way any other tool would: Node's zlib and Buffer, not Cove's code. */
function payloadOf(json: unknown): string {
  return gzipSync(Buffer.from(typeof json === 'string' ? json : JSON.stringify(json), 'utf8')).toString('base64url');
}

function jsonOfPayload(payload: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(payload, 'base64url')).toString('utf8'));
}

async function rejection(payload: string): Promise<string> {
  const err = await decodeSharePayload(payload).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShareLinkError);
  return (err as Error).message;
}

describe('share links', () => {
  it('decodes a link made with zlib: text, binary, open and title', async () => {
    const payload = payloadOf({
      v: 1,
      files: {
        'index.html': '<h1>hé ✓</h1>\n',
        'src/main.ts': 'console.log(1);\n',
        'public/icon.png': { base64: Buffer.from(png).toString('base64') },
      },
      open: 'src/main.ts',
      title: 'Shared demo',
    });
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    const project = await decodeSharePayload(payload);
    expect(project.open).toBe('src/main.ts');
    expect(project.title).toBe('Shared demo');
    expect(Object.keys(project.files).sort()).toEqual(['index.html', 'public/icon.png', 'src/main.ts']);
    expect(project.files['index.html']).toBe('<h1>hé ✓</h1>\n');
    expect(project.files['public/icon.png']).toEqual(png);
  });

  it('encodes a link that zlib decodes to the documented JSON', async () => {
    const link = await encodeShareLink('http://app.localhost:5173/p/abcd1234#old', {
      files: { 'a.txt': 'x\n', 'img/b.png': png },
      open: 'a.txt',
      title: 'T',
    });
    expect(link.startsWith('http://app.localhost:5173/p/abcd1234#share=')).toBe(true);
    const payload = sharePayloadOfHash(new URL(link).hash)!;
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/); // no padding, URL-safe
    expect(jsonOfPayload(payload)).toEqual({
      v: 1,
      files: { 'a.txt': 'x\n', 'img/b.png': { base64: Buffer.from(png).toString('base64') } },
      open: 'a.txt',
      title: 'T',
    });
    // And back again.
    expect(await decodeSharePayload(payload)).toEqual({
      files: { 'a.txt': 'x\n', 'img/b.png': png },
      open: 'a.txt',
      title: 'T',
    });
  });

  it('leaves out open and title when there are none', async () => {
    const link = await encodeShareLink('http://localhost:5173/', { files: { 'a.js': '' } });
    expect(jsonOfPayload(sharePayloadOfHash(new URL(link).hash)!)).toEqual({ v: 1, files: { 'a.js': '' } });
  });

  it('finds the payload only in a #share= fragment', () => {
    expect(sharePayloadOfHash('#share=abc')).toBe('abc');
    expect(sharePayloadOfHash('#t=abc')).toBeUndefined();
    expect(sharePayloadOfHash('')).toBeUndefined();
  });

  it('refuses payloads that are not base64url', async () => {
    expect(await rejection('')).toMatch(/not base64url/);
    expect(await rejection('abc+def')).toMatch(/not base64url/);
    expect(await rejection('abc/def')).toMatch(/not base64url/);
    expect(await rejection(payloadOf({ v: 1, files: { a: '' } }) + '=')).toMatch(/not base64url/);
    expect(await rejection('abcde')).toMatch(/not base64url/);
  });

  it('refuses data that is not gzip', async () => {
    expect(await rejection(Buffer.from(JSON.stringify({ v: 1, files: { a: 'x' } })).toString('base64url'))).toMatch(
      /not gzip/,
    );
  });

  it('refuses truncated and corrupt gzip', async () => {
    const full = payloadOf({ v: 1, files: { 'a.txt': 'hello '.repeat(200) } });
    for (const cut of [full.slice(0, -8), full.slice(0, Math.floor(full.length / 2)), full.slice(0, 30)])
      expect(await rejection(cut)).toMatch(/incomplete or damaged/);
    const bytes = Buffer.from(full, 'base64url');
    bytes[bytes.length - 6] ^= 0xff; // the CRC no longer matches
    expect(await rejection(bytes.toString('base64url'))).toMatch(/incomplete or damaged/);
  });

  it('refuses content that is not UTF-8 JSON of the right shape', async () => {
    expect(await rejection(gzipSync(Buffer.from([0xff, 0xfe, 0x00])).toString('base64url'))).toMatch(/not UTF-8/);
    expect(await rejection(payloadOf('{"v":1,'))).toMatch(/not valid JSON/);
    expect(await rejection(payloadOf('[1]'))).toMatch(/not a JSON object/);
    expect(await rejection(payloadOf({ files: { a: '' } }))).toMatch(/no format version/);
    expect(await rejection(payloadOf({ v: '1', files: { a: '' } }))).toMatch(/no format version/);
    expect(await rejection(payloadOf({ v: 1 }))).toMatch(/"files" must be an object/);
    expect(await rejection(payloadOf({ v: 1, files: [] }))).toMatch(/"files" must be an object/);
    expect(await rejection(payloadOf({ v: 1, files: {} }))).toMatch(/no files/);
    expect(await rejection(payloadOf({ v: 1, files: { a: 3 } }))).toMatch(/"a" must be a text/);
    expect(await rejection(payloadOf({ v: 1, files: { a: { base64: 'AAA' } } }))).toMatch(/not valid base64/);
    expect(await rejection(payloadOf({ v: 1, files: { a: { base64: 'AA-_' } } }))).toMatch(/not valid base64/);
    expect(await rejection(payloadOf({ v: 1, files: { a: { base64: 'AAAA', x: 1 } } }))).toMatch(/must be a text/);
    expect(await rejection(payloadOf({ v: 1, files: { a: '' }, open: 'b' }))).toMatch(/"open" names no file/);
    expect(await rejection(payloadOf({ v: 1, files: { a: '' }, title: 5 }))).toMatch(/"title" must be a string/);
  });

  it('refuses unknown versions, naming them', async () => {
    expect(await rejection(payloadOf({ v: 2, files: { a: '' } }))).toMatch(/format version 2.*cannot open/);
    expect(await rejection(payloadOf({ v: 0, files: { a: '' } }))).toMatch(/format version 0/);
  });

  it('refuses bad paths', async () => {
    for (const path of ['../x', '/abs', 'a/../b', './a', 'a//b', 'a/', 'a\\b', 'bad\u0001name', ''])
      expect(await rejection(payloadOf({ v: 1, files: { [path]: '' } }))).toMatch(/bad file path/);
    expect(await rejection(payloadOf({ v: 1, files: { a: '', 'a/b': '' } }))).toMatch(/both a file and a folder/);
  });

  it('encoding refuses bad paths too', async () => {
    await expect(encodeShareLink('http://x/', { files: { '../a': '' } })).rejects.toThrow(ShareLinkError);
  });

  it('stops unpacking a gzip bomb at the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_SHARE_JSON_BYTES + 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await rejection(bomb.toString('base64url'))).toMatch(/larger than 50 MB/);
  });

  it('cuts long titles and drops blank ones', async () => {
    expect(
      (await decodeSharePayload(payloadOf({ v: 1, files: { a: '' }, title: 'x'.repeat(500) }))).title,
    ).toHaveLength(200);
    expect((await decodeSharePayload(payloadOf({ v: 1, files: { a: '' }, title: '  ' }))).title).toBeUndefined();
  });
});
