import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ProjectFiles } from '../fs/types';
import { snapshotLink } from './share-snapshot';

function filesOf(contents: Record<string, string | Uint8Array>): ProjectFiles {
  return {
    list: () =>
      Object.entries(contents).map(([path, c], i) => ({
        id: String(i),
        path,
        kind: typeof c === 'string' ? 'text' : 'binary',
      })),
    readText: (p: string) => (typeof contents[p] === 'string' ? contents[p] : undefined),
    readBinary: async (p: string) => (typeof contents[p] === 'string' ? undefined : contents[p]),
  } as unknown as ProjectFiles;
}

function jsonOf(link: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(new URL(link).hash.slice('#share='.length), 'base64url')).toString('utf8'));
}

describe('snapshotLink', () => {
  it('puts every file of the project in the link, binary as base64', async () => {
    const link = await snapshotLink(
      'http://app.localhost:5173/',
      filesOf({ 'a.ts': 'x', 'b.png': new Uint8Array([1, 2]) }),
      {
        open: 'a.ts',
        title: 'P',
      },
    );
    expect(jsonOf(link)).toEqual({
      v: 1,
      files: { 'a.ts': 'x', 'b.png': { base64: 'AQI=' } },
      open: 'a.ts',
      title: 'P',
    });
  });

  it('leaves out an open file that is not in the project and an empty title', async () => {
    const link = await snapshotLink('http://app.localhost:5173/', filesOf({ 'a.ts': 'x' }), {
      open: 'gone.ts',
      title: '',
    });
    expect(jsonOf(link)).toEqual({ v: 1, files: { 'a.ts': 'x' } });
  });

  it('fails when a binary file is missing from storage', async () => {
    const files = filesOf({ 'b.png': new Uint8Array([1]) });
    files.readBinary = async () => undefined;
    await expect(snapshotLink('http://x/', files, {})).rejects.toThrow(/Could not read "b.png"/);
  });
});
