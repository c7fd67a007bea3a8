import { describe, expect, it } from 'vitest';
import { isNpmUrl, npmFileUrl, npmModuleUrl, parseNpmUrl } from './npm-url';

describe('npm URLs', () => {
  it('names a package entry by name, version and subpath', () => {
    expect(npmModuleUrl('react', '18.3.1', '')).toBe('/@npm/react@18.3.1');
    expect(npmModuleUrl('react-dom', '18.3.1', 'client')).toBe('/@npm/react-dom@18.3.1/client');
    expect(npmModuleUrl('react-dom', '18.3.1', './client')).toBe('/@npm/react-dom@18.3.1/client');
    expect(npmModuleUrl('@scope/pkg', '1.0.0', 'dist/style.css')).toBe('/@npm/@scope/pkg@1.0.0/dist/style.css');
    expect(npmModuleUrl('x', '1.0.0-beta.1+build.5')).toBe('/@npm/x@1.0.0-beta.1+build.5');
  });

  it('names raw files under the -/ segment', () => {
    expect(npmFileUrl('@s/ui', '2.0.0', 'fonts/a b.woff2')).toBe('/@npm/@s/ui@2.0.0/-/fonts/a%20b.woff2');
    expect(npmFileUrl('ui', '2.0.0', './dist/x.png')).toBe('/@npm/ui@2.0.0/-/dist/x.png');
  });

  it('parses what it writes, whatever the characters', () => {
    const subpaths = ['', 'client', 'dist/style.css', 'a b/c#d?e%f', 'ünï/cödé.js', "x@y/+z!(1)'"];
    for (const name of ['react', '@scope/pkg', '@a/b.c']) {
      for (const subpath of subpaths) {
        const url = npmModuleUrl(name, '1.2.3-rc.1', subpath);
        expect(isNpmUrl(url)).toBe(true);
        expect(url).not.toMatch(/[ #?]/);
        expect(parseNpmUrl(url)).toEqual({ name, version: '1.2.3-rc.1', subpath });
        if (subpath)
          expect(parseNpmUrl(npmFileUrl(name, '1.0.0', subpath))).toEqual({ name, version: '1.0.0', file: subpath });
      }
    }
  });

  it('reads a URL as the browser sends it (percent-encoded, with a query)', () => {
    expect(parseNpmUrl('/@npm/%40s/p%40x@1.0.0/dist/a%20b.css?t=1')).toEqual({
      name: '@s/p@x',
      version: '1.0.0',
      subpath: 'dist/a b.css',
    });
    expect(parseNpmUrl('/@npm/react@18.3.1?v=2')).toEqual({ name: 'react', version: '18.3.1', subpath: '' });
  });

  it('rejects what is not a package URL or climbs out of the package', () => {
    for (const bad of [
      '/src/main.ts',
      '/@npm/',
      '/@npm/react',
      '/@npm/react@',
      '/@npm/@scope',
      '/@npm/@scope/pkg',
      '/@npm/react@1/../../etc',
      '/@npm/react@1/a//b',
      '/@npm/react@1/-',
      '/@npm/react@1/%2e%2e/x',
      '/@npm/react@1/%E0%A4%A',
    ]) {
      expect(parseNpmUrl(bad), bad).toBeUndefined();
    }
    expect(isNpmUrl('/src/@npm/x')).toBe(false);
  });
});
