import { describe, expect, it } from 'vitest';
import { locationFromStack, projectFile } from './source-location';

const ORIGIN = 'http://p-abcd.app.localhost:5173';

describe('source locations', () => {
  it('maps URLs on the preview origin to project files', () => {
    expect(projectFile(`${ORIGIN}/src/main.ts?t=12`, ORIGIN)).toBe('src/main.ts');
    expect(projectFile(`${ORIGIN}/src/My%20File.ts`, ORIGIN)).toBe('src/My File.ts');
    expect(projectFile('https://cdn.example.com/x.js', ORIGIN)).toBe('https://cdn.example.com/x.js');
  });

  it('reads the first positioned frame of V8 and Firefox stacks', () => {
    const v8 = `Error: boom\n    at f (${ORIGIN}/src/main.ts?t=1:3:9)\n    at ${ORIGIN}/src/b.ts:1:1`;
    expect(locationFromStack(v8, ORIGIN)).toEqual({ file: 'src/main.ts', line: 3, column: 9 });
    const anon = `Error: x\n    at ${ORIGIN}/src/b.ts:7:2`;
    expect(locationFromStack(anon, ORIGIN)).toEqual({ file: 'src/b.ts', line: 7, column: 2 });
    const ff = `f@${ORIGIN}/src/c.ts:4:5\n@${ORIGIN}/src/d.ts:1:1`;
    expect(locationFromStack(ff, ORIGIN)).toEqual({ file: 'src/c.ts', line: 4, column: 5 });
    expect(locationFromStack('no frames here', ORIGIN)).toBeUndefined();
    expect(locationFromStack(undefined, ORIGIN)).toBeUndefined();
  });
});
