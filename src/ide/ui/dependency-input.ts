/**
 * What a person types into the Dependencies panel's Add field (`react`, `react@^18`, `@scope/pkg@next`),
 * checked before anything is asked of the registry so that typos get an answer at once.
 */
import validRange from 'semver/ranges/valid';
import { packageNameProblem, parsePackageSpec } from '../package-name';

export interface DependencyRequest {
  name: string;
  /** A semver range or a dist-tag; absent: the latest version. */
  range?: string;
}

const DIST_TAG = /^[a-z][a-z0-9._-]*$/i;

/** `name[@range]`, or a sentence saying what is wrong with it. */
export function parseDependencyInput(input: string): DependencyRequest | { error: string } {
  const text = input.trim();
  if (!text) return { error: 'Type a package name, e.g. react or @scope/name.' };
  const { name, range } = parsePackageSpec(text);
  if (/\s/.test(name)) return { error: `"${name}": a package name cannot contain spaces.` };
  if (!name.startsWith('@') && name.includes('/'))
    return { error: `"${name}" is a path, not a package name (a scoped name starts with @).` };
  const problem = packageNameProblem(name);
  if (problem) return { error: problem };
  if (range === undefined) return { name };
  if (!DIST_TAG.test(range) && validRange(range) === null)
    return { error: `"${range}" is not a version range or a tag (e.g. ^1.2.0, ~1.2, latest).` };
  return { name, range };
}
