import { describe, expect, it } from 'vitest';
import { decodeUpload, describeUpload, uploadFiles, type UploadTarget } from './file-upload';

function target(existing: string[] = [], folders: string[] = []) {
  const writes: Record<string, string | Uint8Array>[] = [];
  const t: UploadTarget = {
    exists: (p) => existing.includes(p),
    isFolder: (p) => folders.includes(p),
    writeFiles: (files) => {
      writes.push(files);
      return Promise.resolve();
    },
  };
  return { t, writes };
}

describe('decodeUpload', () => {
  it('keeps binary extensions and non-UTF-8 or NUL-containing bytes as bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(decodeUpload('a.png', png)).toBe(png);
    expect(decodeUpload('a.dat', new Uint8Array([0xff, 0xfe, 0x00]))).toBeInstanceOf(Uint8Array);
    expect(decodeUpload('a.txt', new Uint8Array([0x61, 0x00]))).toBeInstanceOf(Uint8Array);
    expect(decodeUpload('ünï.ts', new TextEncoder().encode('const é = 1;'))).toBe('const é = 1;');
  });
});

describe('uploadFiles', () => {
  it('writes everything as one change into the folder', async () => {
    const { t, writes } = target();
    const result = await uploadFiles(t, 'src', [{ path: 'a.ts', file: new Blob(['x']) }], () => Promise.resolve(true));
    expect(result).toEqual({ written: ['src/a.ts'], skipped: [] });
    expect(writes).toEqual([{ 'src/a.ts': 'x' }]);
    expect(describeUpload('src', result)).toBe('Uploaded a.ts to src.');
  });

  it('replaces existing files only when confirmed, and never a folder', async () => {
    const { t, writes } = target(['a.txt'], ['dir']);
    const files = [
      { path: 'a.txt', file: new Blob(['new']) },
      { path: 'dir', file: new Blob(['?']) },
      { path: 'b.txt', file: new Blob(['b']) },
    ];
    const result = await uploadFiles(t, '', files, () => Promise.resolve(false));
    expect(writes).toEqual([{ 'b.txt': 'b' }]);
    expect(result.skipped.map((s) => s.path).sort()).toEqual(['a.txt', 'dir']);
    expect(describeUpload('', result)).toMatch(/^Uploaded b.txt. Skipped /);
    await uploadFiles(t, '', files.slice(0, 1), () => Promise.resolve(true));
    expect(writes.at(-1)).toEqual({ 'a.txt': 'new' });
  });

  it('refuses names that leave the project', async () => {
    const { t, writes } = target();
    const result = await uploadFiles(t, '', [{ path: '../x.txt', file: new Blob(['x']) }], () => Promise.resolve(true));
    expect(writes).toEqual([]);
    expect(result.skipped[0].reason).toMatch(/leaves the project/);
  });
});
