import { describe, expect, it } from 'vitest';
import { inlineSourceMap } from '../source-map';
import { compileJsonFast } from './json';
import { compileScriptFast, sucraseOptions } from './script-sucrase';

const VITE_TS = { target: 'ES2020', useDefineForClassFields: true, jsx: 'react-jsx' };
const compile = (path: string, source: string, compilerOptions: Record<string, unknown> = VITE_TS) =>
  compileScriptFast({ path, url: `/${path}`, source, compilerOptions });
const importCode = (code: string) => import(`data:text/javascript,${encodeURIComponent(code)}`);

describe('fast script compiles (Sucrase)', () => {
  it('strips types, keeps lines, and maps each line back to the source by URL', async () => {
    const source = [
      "import type { Props } from './props';",
      'interface P { n: number }',
      'export const double = (p: P): number => p.n * 2;',
      'export class Box { value = 1; constructor(private readonly label: string) {} get name() { return this.label; } }',
      'export enum Mode { On, Off }',
    ].join('\n');
    const out = compile('src/a.ts', source)!;
    expect(out.errors).toEqual([]);
    expect(out.code).not.toMatch(/: number|interface|import type/);
    const mod = await importCode(out.code);
    expect(mod.double({ n: 21 })).toBe(42);
    expect(new mod.Box('x').name).toBe('x');
    expect(mod.Mode.Off).toBe(1);
    const line = out.code.split('\n').findIndex((l) => l.includes('double')) + 1;
    expect(line).toBe(3);
    expect(inlineSourceMap(out.code)?.original(line, 13)).toMatchObject({ source: '/src/a.ts', line: 3 });
  });

  it('compiles JSX for the automatic runtime of the configured package, or the classic factory', () => {
    const jsx = 'export const A = () => <div class="x">{1}</div>;';
    expect(compile('src/a.tsx', jsx, { ...VITE_TS, jsxImportSource: 'preact' })!.code).toContain('preact/jsx-runtime');
    expect(compile('src/a.jsx', jsx, { jsx: 'react-jsxdev' })!.code).toContain('react/jsx-dev-runtime');
    const classic = compile('src/a.tsx', jsx, { jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'Fragment' })!;
    expect(classic.code).toContain('h(');
    expect(compile('src/a.tsx', jsx, {})!.code).toContain('React.createElement(');
  });

  it('keeps imports only used as types when verbatimModuleSyntax says so', () => {
    const source = "import { T } from './t';\nexport const x: T = 1;";
    expect(compile('src/a.ts', source)!.code).not.toContain('./t');
    expect(compile('src/a.ts', source, { ...VITE_TS, verbatimModuleSyntax: true })!.code).toContain('./t');
  });

  it('declines what esbuild must compile', () => {
    const declined = (path: string, source: string, opts: Record<string, unknown> = VITE_TS) =>
      sucraseOptions(path, source, opts) === undefined;
    expect(declined('a.ts', '@Component()\nexport class A {}')).toBe(true);
    expect(declined('a.ts', 'class A { constructor(@Inject() x) {} }')).toBe(true);
    expect(declined('a.ts', 'export const m = import.meta.env.MODE;')).toBe(true);
    expect(declined('a.ts', 'class A {}', { ...VITE_TS, experimentalDecorators: true })).toBe(true);
    expect(declined('a.ts', 'class A { x = 1 }', { useDefineForClassFields: false })).toBe(true);
    expect(declined('a.ts', 'class A { x = 1 }', { target: 'ES2020' })).toBe(true);
    expect(declined('a.tsx', '<a/>', { jsx: 'preserve' })).toBe(true);
    expect(declined('a.css', 'a{}')).toBe(true);
    // JSDoc tags and e-mail addresses are not decorators.
    expect(declined('a.ts', '/**\n * @param x a@b.c\n */\nexport const f = (x: number) => x;')).toBe(false);
    expect(declined('a.ts', 'class A { x = 1 }', { target: 'ES2022' })).toBe(false);
    // A syntax error goes to esbuild, which reports it with its own message.
    expect(compile('src/a.ts', 'let x = ;')).toBeUndefined();
  });
});

describe('fast JSON modules', () => {
  it('exports the value and each key, also keys that are not identifiers, and never sets a prototype', async () => {
    const out = compileJsonFast('{"a": 1, "b-c": [2], "default": 3, "__proto__": {"x": 1}}')!;
    const mod = await importCode(out.code);
    expect(mod.default.a).toBe(1);
    expect(mod.a).toBe(1);
    expect(mod['b-c']).toBe(mod.default['b-c']);
    expect(mod.default.default).toBe(3);
    expect(Object.getPrototypeOf(mod.default)).toBe(Object.prototype);
    expect(Object.hasOwn(mod.default, '__proto__')).toBe(true);
    expect((await importCode(compileJsonFast('[1, 2]')!.code)).default).toEqual([1, 2]);
  });

  it('leaves invalid JSON to esbuild, which says where it is wrong', () => {
    expect(compileJsonFast('{"a": }')).toBeUndefined();
  });
});
