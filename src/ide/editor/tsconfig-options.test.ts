import { describe, expect, it } from 'vitest';
import { effectiveTsconfig, mapCompilerOptions, TS, withInstalledTypes } from './tsconfig-options';

describe('mapCompilerOptions', () => {
  it('maps jsx, factories and strictness; forces editor-only settings', () => {
    const { options, ambientTypes } = mapCompilerOptions({
      compilerOptions: {
        jsx: 'react',
        jsxFactory: 'h',
        strict: false,
        types: ['vite/client', 'node'],
        target: 'ES5',
        noEmit: false,
      },
    });
    expect(options.jsx).toBe(TS.jsx.react);
    expect(options.jsxFactory).toBe('h');
    expect(options.strict).toBe(false);
    expect(options.target).toBe(TS.target.ESNext);
    expect(options.module).toBe(TS.module.ESNext);
    expect(options.noEmit).toBe(true);
    expect(options.allowImportingTsExtensions).toBe(true);
    expect(options.types).toEqual([]);
    expect(ambientTypes).toEqual(['vite/client']);
  });

  it('passes on the tsconfig types whose declarations are installed', () => {
    const mapped = mapCompilerOptions({
      compilerOptions: { types: ['vite/client', 'node', 'vitest/globals', 'jest'] },
    });
    expect(mapped.requestedTypes).toEqual(['node', 'vitest/globals', 'jest']);
    const installed = new Set([
      'node_modules/@types/node/index.d.ts',
      'node_modules/vitest/globals.d.ts',
      'node_modules/@types/jestx/index.d.ts',
    ]);
    expect(withInstalledTypes(mapped, installed).types).toEqual(['node', 'vitest/globals']);
    expect(withInstalledTypes(mapped, new Set()).types).toEqual([]);
    expect(withInstalledTypes(mapped, installed).moduleResolution).toBe(TS.moduleResolution.Bundler);
  });

  it('defaults to strict react-jsx without a tsconfig', () => {
    const { options } = mapCompilerOptions(undefined);
    expect(options.strict).toBe(true);
    expect(options.jsx).toBe(TS.jsx['react-jsx']);
  });

  it('keeps jsxImportSource', () => {
    expect(
      mapCompilerOptions({ compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' } }).options.jsxImportSource,
    ).toBe('preact');
  });
});

describe('effectiveTsconfig', () => {
  it('follows a solution-style tsconfig to the app config', () => {
    const files: Record<string, string> = {
      'tsconfig.json':
        '{ "files": [], "references": [{ "path": "./tsconfig.node.json" }, { "path": "./tsconfig.app.json" }] }',
      'tsconfig.app.json': '{ "compilerOptions": { "jsx": "preserve" } }',
      'tsconfig.node.json': '{ "compilerOptions": { "jsx": "react" } }',
    };
    expect(effectiveTsconfig((p) => files[p])?.compilerOptions?.jsx).toBe('preserve');
  });

  it('survives broken JSON', () => {
    expect(effectiveTsconfig(() => '{ nope')).toBeUndefined();
  });
});
