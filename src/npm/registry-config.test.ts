import { describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { buildRegistryConfig, packumentUrl, parseNpmrc, registryFor } from './registry-config';

// Hosts under the reserved `.test` TLD: no real registry is named in the repository.
const A = 'https://a.example.test/';
const B = 'http://b.example.test:4873/npm/';
const C = 'https://c.example.test/';

function errorOf(f: () => unknown): NpmError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpmError);
    return e as NpmError;
  }
  throw new Error('expected an NpmError');
}

describe('parseNpmrc', () => {
  it('reads registry= and @scope:registry=, ignoring comments, auth and other keys', () => {
    const text = [
      '# a comment',
      '; another comment',
      '',
      `  registry = ${A}  `,
      `@corp:registry=${B}`,
      `//b.example.test:4873/npm/:_authToken=secret`,
      'save-exact=true',
      'always-auth',
    ].join('\r\n');
    expect(parseNpmrc(text)).toEqual({ registry: A, scopes: { '@corp': B } });
  });

  it('unquotes values and drops inline comments of unquoted ones', () => {
    expect(parseNpmrc(`registry="${A}"\n"@q:registry"='${B}'`)).toEqual({ registry: A, scopes: { '@q': B } });
    expect(parseNpmrc(`registry=${A} ; the mirror`)).toEqual({ registry: A, scopes: {} });
    expect(parseNpmrc(`registry=${A} # the mirror`).registry).toBe(A);
  });

  it('ignores values with ${ENV} references, which a browser cannot expand', () => {
    expect(parseNpmrc('registry=${NPM_REGISTRY}\n@s:registry=https://${HOST}/')).toEqual({ scopes: {} });
  });

  it('lets a later line win, as npm does', () => {
    expect(parseNpmrc(`registry=${A}\nregistry=${C}`).registry).toBe(C);
  });

  it('ignores scope keys that are not @scope:registry', () => {
    expect(parseNpmrc(`corp:registry=${A}\n@corp:other=${A}\n@a/b:registry=${A}`)).toEqual({ scopes: {} });
  });
});

describe('buildRegistryConfig', () => {
  it('takes the project .npmrc first, then the app setting, then the build default', () => {
    expect(buildRegistryConfig({ npmrc: `registry=${A}`, appSetting: B, buildDefault: C }).registry).toBe(A);
    expect(buildRegistryConfig({ npmrc: '# nothing', appSetting: B, buildDefault: C }).registry).toBe(B);
    expect(buildRegistryConfig({ appSetting: '  ', buildDefault: C }).registry).toBe(C);
  });

  it('takes scopes from .npmrc and normalises every URL to end with /', () => {
    const config = buildRegistryConfig({
      npmrc: '@corp:registry=http://b.example.test:4873/npm',
      buildDefault: 'https://c.example.test',
    });
    expect(config).toEqual({ registry: C, scopes: { '@corp': B } });
  });

  it('says how to configure a registry when there is none', () => {
    const error = errorOf(() => buildRegistryConfig({ npmrc: '' }));
    expect(error.code).toBe('registry-unreachable');
    expect(error.message).toMatch(/No npm registry is configured.*Dependencies panel.*\.npmrc/);
  });

  it('refuses URLs that are not http(s), naming where they came from', () => {
    const fromNpmrc = errorOf(() => buildRegistryConfig({ npmrc: 'registry=ftp://a.example.test/', buildDefault: C }));
    expect(fromNpmrc.code).toBe('bad-project-file');
    expect(fromNpmrc.message).toContain("'ftp://a.example.test/'");
    expect(fromNpmrc.message).toContain('.npmrc');
    const fromSetting = errorOf(() => buildRegistryConfig({ appSetting: 'not a url' }));
    expect(fromSetting.code).toBe('bad-project-file');
    expect(fromSetting.message).toContain('Dependencies panel');
    const scope = errorOf(() => buildRegistryConfig({ npmrc: '@corp:registry=corp-registry', buildDefault: C }));
    expect(scope.message).toContain('@corp:registry');
  });
});

describe('registryFor and packumentUrl', () => {
  const config = { registry: A, scopes: { '@corp': B } };

  it('routes scoped packages to their scope registry', () => {
    expect(registryFor(config, '@corp/ui')).toBe(B);
    expect(registryFor(config, '@other/ui')).toBe(A);
    expect(registryFor(config, 'react')).toBe(A);
    expect(registryFor(config, '@corp')).toBe(A);
  });

  it('encodes a scoped name as @scope%2fname, as npm does', () => {
    expect(packumentUrl(A, 'react')).toBe(`${A}react`);
    expect(packumentUrl(B, '@corp/ui')).toBe(`${B}@corp%2fui`);
    expect(packumentUrl('https://a.example.test/sub', 'x')).toBe('https://a.example.test/sub/x');
  });
});
