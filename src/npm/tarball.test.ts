import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packTar, type TarEntry } from 'modern-tar';
import { describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { packagePath, unpackTarball } from './tarball';

const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const file = (name: string, body: string): TarEntry => ({
  header: { name, size: new TextEncoder().encode(body).length, type: 'file' },
  body,
});

async function tgz(entries: TarEntry[]): Promise<Uint8Array> {
  return gzip(await packTar(entries));
}

async function corruptReason(gz: Uint8Array): Promise<string> {
  const error = await unpackTarball(gz).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NpmError);
  expect((error as NpmError).code).toBe('corrupt-tarball');
  return (error as NpmError).message;
}

describe('unpackTarball', () => {
  it('drops the package/ folder and keeps only regular files', async () => {
    const files = await unpackTarball(
      await tgz([
        { header: { name: 'package/', type: 'directory', size: 0 } },
        file('package/package.json', '{"name":"a","version":"1.0.0"}'),
        { header: { name: 'package/lib/', type: 'directory', size: 0 } },
        file('package/lib/index.js', 'export default 1;'),
        file('package/empty.txt', ''),
        { header: { name: 'package/link.js', type: 'symlink', size: 0, linkname: 'lib/index.js' } },
      ]),
    );
    expect([...files.keys()].sort()).toEqual(['empty.txt', 'lib/index.js', 'package.json']);
    expect(text(files.get('lib/index.js'))).toBe('export default 1;');
    expect(files.get('empty.txt')?.length).toBe(0);
  });

  it('strips a first folder with another name, and normalises ./ and // segments', async () => {
    const files = await unpackTarball(
      await tgz([file('node-thing/package.json', '{}'), file('./node-thing//lib/./a.js', 'a')]),
    );
    expect([...files.keys()].sort()).toEqual(['lib/a.js', 'package.json']);
  });

  it('reads long names: ustar prefix, pax records and GNU long names', async () => {
    const prefixed = `package/${'d'.repeat(120)}/${'f'.repeat(60)}.js`; // > 100: name + prefix
    const pax = `package/${'p'.repeat(300)}.js`; // > 255: needs a pax header
    const gnu = `package/${'g'.repeat(150)}/x.js`;
    const gnuRecord = new TextEncoder().encode(`${gnu}\0`);
    const files = await unpackTarball(
      await tgz([
        file(prefixed, 'prefix'),
        file(pax, 'pax'),
        // GNU tar writes the whole name in a `././@LongLink` entry before the real (cut) header.
        { header: { name: '././@LongLink', type: 'gnu-long-name', size: gnuRecord.length }, body: gnuRecord },
        file(gnu.slice(0, 99), 'gnu'),
      ]),
    );
    expect(text(files.get(prefixed.slice('package/'.length)))).toBe('prefix');
    expect(text(files.get(pax.slice('package/'.length)))).toBe('pax');
    expect(text(files.get(gnu.slice('package/'.length)))).toBe('gnu');
    expect(files.size).toBe(3);
  });

  it('skips entries that would escape the package folder', async () => {
    const files = await unpackTarball(
      await tgz([
        file('package/package.json', '{}'),
        file('package/../evil.js', 'x'),
        file('package/a/../../../evil2.js', 'x'),
        file('package/a/b/../c.js', 'x'),
      ]),
    );
    expect([...files.keys()]).toEqual(['package.json']);
  });

  it('refuses data that is not gzip', async () => {
    expect(await corruptReason(new TextEncoder().encode('<html>Not Found</html> padding padding'))).toMatch(/not gzip/);
    expect(await corruptReason(await packTar([file('package/package.json', '{}')]))).toMatch(/not gzip/);
  });

  it('refuses damaged gzip', async () => {
    const gz = await tgz([file('package/package.json', '{"name":"x"}'), file('package/a.js', 'a'.repeat(5000))]);
    expect(await corruptReason(gz.slice(0, gz.length - 30))).toMatch(/gzip data is damaged/);
  });

  it('refuses a tar whose last file is cut short', async () => {
    const tar = await packTar([file('package/package.json', '{}'), file('package/big.js', 'b'.repeat(4000))]);
    // Header blocks of both files plus part of big.js's body, no end-of-archive marker.
    expect(await corruptReason(await gzip(tar.slice(0, 512 * 3 + 1000)))).toMatch(/truncated.*big\.js/);
  });

  it('unpacks a tarball made by npm pack', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cove-pack-'));
    try {
      const src = join(dir, 'src');
      await mkdir(join(src, 'lib'), { recursive: true });
      await writeFile(join(src, 'package.json'), JSON.stringify({ name: '@cove-test/packed', version: '2.3.4' }));
      await writeFile(join(src, 'lib', 'index.js'), 'module.exports = 42;\n');
      await writeFile(join(src, 'README.md'), '# packed\n');
      const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: src,
        env: { ...process.env, npm_config_loglevel: 'silent' },
      });
      const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
      const files = await unpackTarball(new Uint8Array(await readFile(join(dir, filename))));
      expect([...files.keys()].sort()).toEqual(['README.md', 'lib/index.js', 'package.json']);
      expect(text(files.get('lib/index.js'))).toBe('module.exports = 42;\n');
      expect(JSON.parse(text(files.get('package.json')) ?? '')).toMatchObject({ version: '2.3.4' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('packagePath', () => {
  it('drops the first segment and refuses .. anywhere', () => {
    expect(packagePath('package/a/b.js')).toBe('a/b.js');
    expect(packagePath('/package/a.js')).toBe('a.js');
    expect(packagePath('package/')).toBeUndefined();
    expect(packagePath('top-level-file.js')).toBeUndefined();
    expect(packagePath('package/..')).toBeUndefined();
    expect(packagePath('../package/a.js')).toBeUndefined();
  });
});
