import { describe, expect, it } from 'vitest';
import { serialize, serializeArgs } from './serialize';

describe('serialize', () => {
  it('keeps primitives readable', () => {
    expect(serialize('hi')).toEqual({ t: 'string', s: 'hi' });
    expect(serialize(42)).toEqual({ t: 'number', s: '42' });
    expect(serialize(-0)).toEqual({ t: 'number', s: '-0' });
    expect(serialize(NaN).s).toBe('NaN');
    expect(serialize(10n)).toEqual({ t: 'bigint', s: '10n' });
    expect(serialize(undefined)).toEqual({ t: 'undefined', s: 'undefined' });
    expect(serialize(null)).toEqual({ t: 'null', s: 'null' });
    expect(serialize(true)).toEqual({ t: 'boolean', s: 'true' });
    expect(serialize(Symbol('x'))).toEqual({ t: 'symbol', s: 'Symbol(x)' });
  });

  it('summarizes and expands plain objects and arrays', () => {
    const v = serialize({ a: 1, b: 'two', c: [1, 2, 3], d: { e: true } });
    expect(v.t).toBe('object');
    expect(v.c).toBeUndefined();
    expect(v.s).toBe('{a: 1, b: "two", c: Array(3), d: {…}}');
    expect(v.e?.map(([k]) => k)).toEqual(['a', 'b', 'c', 'd']);
    const arr = v.e?.[2][1];
    expect(arr).toMatchObject({ t: 'array', s: '(3) [1, 2, 3]' });
    expect(arr?.e?.[1]).toEqual(['1', { t: 'number', s: '2' }]);
  });

  it('stops at cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const arr: unknown[] = [1];
    arr.push(arr);
    const v = serialize(a);
    expect(v.e?.find(([k]) => k === 'self')?.[1]).toMatchObject({ t: 'cycle', s: '[Circular]' });
    expect(serialize(arr).e?.[1][1].t).toBe('cycle');
    // A value seen twice but not on its own path is not a cycle.
    const shared = { x: 1 };
    const twice = serialize({ p: shared, q: shared });
    expect(twice.e?.map(([, c]) => c.t)).toEqual(['object', 'object']);
  });

  it('stops at the depth limit, still summarizing the cut-off value', () => {
    const deep = { l1: { l2: { l3: { l4: 'bottom' } } } };
    const v = serialize(deep, { maxDepth: 2 });
    const l2 = v.e?.[0][1].e?.[0][1];
    expect(l2).toMatchObject({ t: 'object', s: '{l3: {…}}' });
    expect(l2?.e).toBeUndefined();
  });

  it('limits entries and total nodes', () => {
    const big = Array.from({ length: 500 }, (_, i) => i);
    const v = serialize(big, { maxEntries: 10 });
    expect(v.e).toHaveLength(11);
    expect(v.e?.[10][1].t).toBe('more');
    expect(v.s.startsWith('(500) [0, 1, 2')).toBe(true);
    const many = serializeArgs([big, big], { maxNodes: 50, maxEntries: 1000 });
    const total = many.reduce((n, a) => n + (a.e?.length ?? 0), 0);
    expect(total).toBeLessThan(60);
  });

  it('serializes Maps and Sets with their entries', () => {
    const m = serialize(
      new Map<unknown, unknown>([
        ['k', 1],
        [{ o: 1 }, 'obj'],
      ]),
    );
    expect(m).toMatchObject({ t: 'map', c: 'Map', s: 'Map(2) {"k" => 1, {…} => "obj"}' });
    expect(m.e?.[0]).toEqual(['"k"', { t: 'number', s: '1' }]);
    const s = serialize(new Set(['a', 'b']));
    expect(s).toMatchObject({ t: 'set', c: 'Set', s: 'Set(2) {"a", "b"}' });
    expect(s.e?.map(([, v]) => v.s)).toEqual(['a', 'b']);
  });

  it('serializes errors with name, message, stack and cause', () => {
    class ValidationError extends Error {
      override name = 'ValidationError';
      code = 42;
    }
    const err = new ValidationError('bad input', { cause: new Error('root') });
    const v = serialize(err);
    expect(v).toMatchObject({ t: 'error', s: 'ValidationError: bad input', c: 'ValidationError' });
    const keys = Object.fromEntries(v.e ?? []);
    expect(keys.message.s).toBe('bad input');
    expect(keys.stack.s).toContain('serialize.test.ts');
    expect(keys.cause).toMatchObject({ t: 'error', s: 'Error: root' });
    expect(keys.code.s).toBe('42');
  });

  it('names class instances by their constructor', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    expect(serialize(new Point(1, 2))).toMatchObject({ t: 'object', c: 'Point', s: 'Point {x: 1, y: 2}' });
    expect(serialize(Object.create(null)).c).toBeUndefined();
    expect(serialize(new Uint8Array([1, 2]))).toMatchObject({ t: 'array', c: 'Uint8Array', s: 'Uint8Array(2) [1, 2]' });
  });

  it('truncates long strings', () => {
    const v = serialize('x'.repeat(50_000), { maxString: 100 });
    expect(v.s.length).toBeLessThan(200);
    expect(v.s).toContain('49900 more characters');
  });

  it('describes functions, dates and regexps', () => {
    function hello() {}
    class Widget {}
    expect(serialize(hello)).toEqual({ t: 'function', s: 'ƒ hello()' });
    expect(serialize(Widget).s).toBe('class Widget');
    expect(serialize(new Date(0))).toMatchObject({ t: 'date', s: '1970-01-01T00:00:00.000Z' });
    expect(serialize(new Date(NaN)).s).toBe('Invalid Date');
    expect(serialize(/a+/g)).toMatchObject({ t: 'regexp', s: '/a+/g' });
  });

  it('never calls getters and survives hostile objects', () => {
    let called = false;
    const o = {
      get secret() {
        called = true;
        return 1;
      },
    };
    const v = serialize(o);
    expect(called).toBe(false);
    expect(v.e?.[0]).toEqual(['secret', { t: 'more', s: '(…)' }]);
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('nope');
        },
      },
    );
    expect(() => serialize(hostile)).not.toThrow();
  });

  it('summarizes DOM-like nodes', () => {
    const text = { nodeType: 3, nodeName: '#text', textContent: 'hi', childNodes: [] };
    const el = {
      nodeType: 1,
      nodeName: 'DIV',
      getAttribute: (n: string) => (n === 'id' ? 'app' : null),
      childNodes: [text],
      [Symbol.toStringTag]: 'HTMLDivElement',
    };
    Object.setPrototypeOf(text, { [Symbol.toStringTag]: 'Text' });
    const v = serialize(el);
    expect(v).toMatchObject({ t: 'dom', s: '<div id="app">' });
    expect(v.e?.[0][1]).toMatchObject({ t: 'dom', s: '"hi"' });
  });
});
