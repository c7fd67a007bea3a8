/**
 * npm's package name rules (as `validate-npm-package-name` states them for new packages), checked
 * before the registry is asked, so a typo gets a sentence rather than a 404 or a malformed URL.
 */

const MAX_LENGTH = 214;
const RESERVED = new Set(['node_modules', 'favicon.ico']);
const SCOPED = /^@([^/]+)\/([^/]+)$/;

/** Why `name` is not a valid npm package name, or undefined if it is. */
export function packageNameProblem(name: string): string | undefined {
  if (!name) return 'Type a package name.';
  if (name.trim() !== name) return `"${name}" has spaces around it: package names cannot.`;
  if (name.length > MAX_LENGTH) return `A package name is at most ${MAX_LENGTH} characters long.`;
  if (RESERVED.has(name.toLowerCase())) return `"${name}" is a reserved name, not a package.`;
  if (name.startsWith('.') || name.startsWith('_')) return `"${name}": package names cannot start with . or _.`;
  if (name.toLowerCase() !== name)
    return `"${name}": package names are lowercase (did you mean "${name.toLowerCase()}"?).`;
  if (/[~'!()*]/.test(name)) return `"${name}": package names cannot contain ~ ' ! ( ) or *.`;
  const scoped = SCOPED.exec(name);
  if (name.startsWith('@') && !scoped) return `"${name}": a scoped package name looks like @scope/name.`;
  const parts = scoped ? [scoped[1], scoped[2]] : [name];
  for (const part of parts) {
    if (part.startsWith('.') || part.startsWith('_')) return `"${name}": package names cannot start with . or _.`;
    if (encodeURIComponent(part) !== part)
      return `"${name}" has characters that are not allowed in a package name (letters, digits, - . _ only).`;
  }
  return undefined;
}

export function isValidPackageName(name: string): boolean {
  return packageNameProblem(name) === undefined;
}

/**
 * What a person types in an "add package" box: `react`, `react@18`, `@scope/pkg@^2.1.0`.
 * The range is undefined when none was given (the caller picks the latest).
 */
export function parsePackageSpec(input: string): { name: string; range?: string } {
  const spec = input.trim();
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: spec };
  const range = spec.slice(at + 1).trim();
  return { name: spec.slice(0, at), ...(range ? { range } : {}) };
}
