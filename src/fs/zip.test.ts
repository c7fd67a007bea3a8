import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from './blob-store';
import { Workspace } from './workspace';
import { unzipFiles, zipFiles, zipProject, type ZipLimits } from './zip';

const text = (s: string) => new TextEncoder().encode(s);
const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 1, 2]);
const tmp = mkdtempSync(join(tmpdir(), 'cove-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Python's zipfile, which every CI image with python3 has, as an independent reader and writer. */
const python = hasCommand('python3', ['-c', 'import zipfile']);

describe('zipFiles', () => {
  it('writes text as UTF-8 and binary as bytes, under the project paths, dated as asked', async () => {
    const mtime = new Date(2024, 4, 6, 7, 8, 10);
    const bytes = zipFiles({ 'index.html': '<p>héllo</p>', 'public/icon.png': png }, { mtime, folders: ['empty'] });
    expect(unzipFiles(bytes).files).toEqual({ 'index.html': text('<p>héllo</p>'), 'public/icon.png': png });
    if (!python) return;
    const file = join(tmp, 'ours.zip');
    writeFileSync(file, bytes);
    const listing = JSON.parse(
      execFileSync('python3', [
        '-c',
        'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); z.testzip(); ' +
          'print(json.dumps([[i.filename, list(i.date_time), list(z.read(i))] for i in z.infolist()]))',
        file,
      ]).toString(),
    ) as [string, number[], number[]][];
    expect(listing).toEqual([
      ['empty/', [2024, 5, 6, 7, 8, 10], []],
      ['index.html', [2024, 5, 6, 7, 8, 10], [...text('<p>héllo</p>')]],
      ['public/icon.png', [2024, 5, 6, 7, 8, 10], [...png]],
    ]);
  });

  it('zips a project with its binary files and empty folders', async () => {
    const ws = new Workspace(new Y.Doc(), createMemoryBlobStore());
    ws.writeText('src/main.ts', 'console.log(1)');
    await ws.writeBinary('public/icon.png', png);
    ws.createFolder('assets/empty');
    const bytes = await zipProject(ws, Date.UTC(2025, 0, 1));
    expect(unzipFiles(bytes).files).toEqual({ 'src/main.ts': text('console.log(1)'), 'public/icon.png': png });
    const names = Object.keys(unzipSync(bytes)); // fflate as an independent reader
    expect(names).toContain('assets/empty/');
    expect(names).not.toContain('assets/');
  });
});

describe('unzipFiles', () => {
  it.runIf(hasCommand('zip', ['-v']))('reads a zip made by the zip tool, stripping its one top-level folder', () => {
    const root = join(tmp, 'cli');
    mkdirSync(join(root, 'my-app-main/src'), { recursive: true });
    mkdirSync(join(root, 'my-app-main/empty'));
    writeFileSync(join(root, 'my-app-main/index.html'), '<h1>hi</h1>');
    writeFileSync(join(root, 'my-app-main/src/ünïcode.ts'), 'export {}');
    writeFileSync(join(root, 'my-app-main/icon.png'), png);
    writeFileSync(join(root, 'my-app-main/big.txt'), 'abc'.repeat(100_000));
    execFileSync('zip', ['-qr', '../cli.zip', 'my-app-main'], { cwd: root });
    const result = unzipFiles(readFileSync(join(tmp, 'cli.zip')));
    expect(result.strippedFolder).toBe('my-app-main');
    expect(result.files).toEqual({
      'index.html': text('<h1>hi</h1>'),
      'src/ünïcode.ts': text('export {}'),
      'icon.png': png,
      'big.txt': text('abc'.repeat(100_000)),
    });
  });

  it.runIf(python)("reads a zip made by Python's zipfile (stored and deflated entries)", () => {
    const file = join(tmp, 'py.zip');
    execFileSync('python3', [
      '-c',
      'import sys,zipfile\n' +
        'with zipfile.ZipFile(sys.argv[1], "w") as z:\n' +
        '  z.writestr("a.txt", "stored")\n' +
        '  z.writestr(zipfile.ZipInfo("dir/"), "")\n' +
        '  z.writestr("dir/b.bin", bytes(range(256)) * 50, compress_type=zipfile.ZIP_DEFLATED)\n',
      file,
    ]);
    const result = unzipFiles(readFileSync(file));
    expect(result.strippedFolder).toBeUndefined();
    const bin = new Uint8Array(256 * 50).map((_, i) => i % 256);
    expect(result.files).toEqual({ 'a.txt': text('stored'), 'dir/b.bin': bin });
  });

  it('skips macOS metadata and whatever the caller skips, and says so', () => {
    const bytes = zipSync({
      'app/index.html': text('x'),
      'app/.DS_Store': text('junk'),
      '__MACOSX/app/._index.html': text('junk'),
      'app/node_modules/a/index.js': text('x'),
    });
    const result = unzipFiles(bytes, {
      skip: (p) => (p.startsWith('node_modules/') ? 'node_modules is installed, not imported' : undefined),
    });
    // __MACOSX is dropped before the common folder is looked for, so "app/" is still stripped.
    expect(result.strippedFolder).toBe('app');
    expect(result.files).toEqual({ 'index.html': text('x') });
    expect(result.skipped.map((s) => s.path)).toEqual([
      'app/.DS_Store',
      '__MACOSX/app/._index.html',
      'node_modules/a/index.js',
    ]);
  });

  it('keeps the paths when entries do not share one top-level folder', () => {
    const bytes = zipSync({ 'a/x.txt': text('1'), 'b/y.txt': text('2') });
    expect(unzipFiles(bytes)).toMatchObject({ strippedFolder: undefined, files: { 'a/x.txt': text('1') } });
    expect(unzipFiles(zipSync({ 'only.txt': text('1') })).files).toEqual({ 'only.txt': text('1') });
  });

  it.each(['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/evil.txt', 'a\\..\\..\\evil.txt'])(
    'refuses the whole zip when an entry (%s) leaves the folder',
    (name) => {
      const bytes = zipSync({ 'ok.txt': text('fine'), [name]: text('evil') });
      expect(() => unzipFiles(bytes)).toThrow(/refused: the entry ".*" points outside the project folder/);
    },
  );

  const small: ZipLimits = { maxFileBytes: 1024 * 1024, maxTotalBytes: 1.5 * 1024 * 1024, maxEntries: 10 };

  it('stops a file that inflates past the per-file cap, whatever its header says', () => {
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(3 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => unzipFiles(bomb, { limits: small })).toThrow(/"zeros.bin" is larger than 1 MB uncompressed/);
    // The same with sizes in the central directory that lie (claim 10 bytes).
    const lying = setCentralSizes(bomb, 10);
    expect(() => unzipFiles(lying, { limits: small })).toThrow(/larger than 1 MB/);
  });

  it('stops when all files together inflate past the total cap', () => {
    const bytes = zipSync({ 'a.bin': new Uint8Array(1000 * 1024), 'b.bin': new Uint8Array(1000 * 1024) });
    expect(() => unzipFiles(bytes, { limits: small })).toThrow(/The zip holds more than 1.5 MB uncompressed/);
    const many = zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, text('x')])));
    expect(() => unzipFiles(many, { limits: small })).toThrow(/11 entries; at most 10/);
  });

  it('refuses files that are not zips, truncated or damaged ones, and duplicate names', () => {
    expect(() => unzipFiles(text('{"not": "a zip"}'))).toThrow(/not a zip file/);
    expect(() => unzipFiles(new Uint8Array(0))).toThrow(/not a zip file/);
    const good = zipSync({ 'a.txt': text('hello hello hello hello'), 'b.txt': text('x') }, { level: 6 });
    expect(() => unzipFiles(good.subarray(0, good.length - 30))).toThrow(/not a zip file|damaged/);
    const corrupt = good.slice();
    corrupt[40] ^= 0xff; // inside a.txt's data
    expect(() => unzipFiles(corrupt)).toThrow(/damaged/);
    const twice = zipSync({ 'a.txt': text('1'), './a.txt': text('2') });
    expect(() => unzipFiles(twice)).toThrow(/"a.txt" is in the zip twice/);
  });
});

/** Rewrites every central-directory entry's uncompressed size (a zip bomb's lie). */
function setCentralSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}
