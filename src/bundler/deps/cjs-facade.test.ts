import { describe, expect, it } from 'vitest';
import { cjsExportNames, cjsFacade, type CjsSource } from './cjs-facade';

describe('cjsExportNames', () => {
  it('follows reexports through a NODE_ENV switch (the last assignment, as Node does) and on, each once', async () => {
    const files: Record<string, string> = {
      index: `if (process.env.NODE_ENV === 'production') module.exports = require('./prod'); else module.exports = require('./dev');`,
      prod: `exports.useState = 1; exports.prodOnly = 2;`,
      dev: `exports.useState = 1; exports['a-b'] = 2; Object.defineProperty(exports, '__esModule', { value: true }); exports.default = 3; module.exports = require('./index');`,
    };
    const asked: string[] = [];
    const load = async (from: CjsSource, spec: string): Promise<CjsSource | undefined> => {
      asked.push(`${from.id}->${spec}`);
      const id = spec.replace('./', '');
      return files[id] === undefined ? undefined : { id, code: files[id] };
    };
    const { names, problems } = await cjsExportNames({ id: 'index', code: files.index }, load);
    expect(names).toEqual(['a-b', 'useState']);
    expect(problems).toEqual([]);
    expect(asked).toEqual(['index->./dev', 'dev->./index']);
  });

  it('reports a module it cannot read instead of failing', async () => {
    const { names, problems } = await cjsExportNames({ id: 'bad', code: 'exports.a = 1; )' }, async () => undefined);
    expect(names).toEqual([]);
    expect(problems[0]).toContain('Cannot read the exports of bad');
  });
});

describe('cjsFacade', () => {
  it('exports names as identifiers or strings, default with interop, and module.exports', () => {
    const code = cjsFacade('/index.js', ['useState', 'a-b', 'default', '__esModule']);
    expect(code).toContain('require("/index.js")');
    expect(code).toMatch(/__cove_e0 as useState\b/);
    expect(code).toContain('__cove_e1 as "a-b"');
    expect(code).toContain('__cove_m as "module.exports"');
    expect(code).not.toMatch(/as __esModule/);
    expect(code.match(/as default/g)).toHaveLength(1);
  });
});
