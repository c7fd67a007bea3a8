/**
 * Which registry serves which package: the project's `.npmrc` first, then the app's setting,
 * then the build-time default. No registry host is ever written in the repository, so with none
 * of the three there is no registry at all, and installs say so.
 */
import { NpmError } from '../shared/npm';

export interface RegistryConfig {
  /** The default registry, ending with `/`. */
  registry: string;
  /** `@scope` -> registry URL ending with `/`. */
  scopes: Record<string, string>;
}

export interface NpmrcSettings {
  registry?: string;
  scopes: Record<string, string>;
}

/**
 * Reads the registry lines of an `.npmrc` (ini syntax, as npm's `ini` reads it): `registry=` and
 * `@scope:registry=`. Auth and every other key are ignored; so are values with `${ENV}`
 * references, which a browser cannot expand.
 */
export function parseNpmrc(text: string): NpmrcSettings {
  const settings: NpmrcSettings = { scopes: {} };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = unquote(line.slice(0, eq).trim());
    const value = unquote(stripInlineComment(line.slice(eq + 1).trim()));
    if (!value || /\$\{[^}]*\}/.test(value)) continue;
    if (key === 'registry') settings.registry = value;
    else {
      const scope = /^(@[^:/\s]+):registry$/.exec(key)?.[1];
      if (scope) settings.scopes[scope] = value;
    }
  }
  return settings;
}

/** Quoted values keep everything; unquoted ones end at ` ;` / ` #`, as in npm's `ini`. */
function stripInlineComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const match = /\s[;#]/.exec(value);
  return match ? value.slice(0, match.index).trim() : value;
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) return value.slice(1, -1);
  return value;
}

export interface RegistryLayers {
  /** The project's `.npmrc` text. */
  npmrc?: string;
  /** The registry the user set in the app. */
  appSetting?: string;
  /** The registry the app was built with. */
  buildDefault?: string;
}

export function buildRegistryConfig(layers: RegistryLayers): RegistryConfig {
  const npmrc = layers.npmrc ? parseNpmrc(layers.npmrc) : { scopes: {} };
  const candidates: [string | undefined, string][] = [
    [npmrc.registry, "the project's .npmrc (registry=)"],
    [layers.appSetting?.trim(), 'the registry setting of the Dependencies panel'],
    [layers.buildDefault?.trim(), "the app's built-in default registry"],
  ];
  const chosen = candidates.find(([url]) => url);
  if (!chosen?.[0]) {
    throw new NpmError(
      'registry-unreachable',
      'No npm registry is configured: set one in the Dependencies panel or add registry=<url> to .npmrc',
    );
  }
  const scopes: Record<string, string> = {};
  for (const [scope, url] of Object.entries(npmrc.scopes)) {
    scopes[scope] = normaliseRegistryUrl(url, `the project's .npmrc (${scope}:registry=)`);
  }
  return { registry: normaliseRegistryUrl(chosen[0], chosen[1]), scopes };
}

/** An absolute http(s) URL ending with `/`; anything else is a project-file error naming its source. */
export function normaliseRegistryUrl(value: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new NpmError(
      'bad-project-file',
      `The npm registry '${value}' in ${source} is not an http:// or https:// URL`,
    );
  }
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The registry a package comes from: its scope's registry, else the default one. */
export function registryFor(config: RegistryConfig, packageName: string): string {
  const slash = packageName.indexOf('/');
  if (packageName.startsWith('@') && slash > 0) {
    const scoped = config.scopes[packageName.slice(0, slash)];
    if (scoped) return scoped;
  }
  return config.registry;
}

/** `<registry>/<name>`, with a scoped name's slash encoded as npm does (`@scope%2fname`). */
export function packumentUrl(registry: string, name: string): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return base + (name.startsWith('@') ? name.replace('/', '%2f') : name);
}

/** Where a registry keeps a version's tarball, for lock entries written without `resolved`. */
export function tarballUrlFor(registry: string, name: string, version: string): string {
  const base = name.startsWith('@') ? name.split('/')[1] : name;
  return `${registry}${name}/-/${base}-${version}.tgz`;
}
