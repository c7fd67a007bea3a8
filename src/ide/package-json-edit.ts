/**
 * Edits of a project's package.json text that keep the person's formatting: the file's own
 * indentation, line endings and key order. Only the touched property changes, as `npm install`
 * would write it (new dependencies sorted alphabetically into their section). Pure functions over
 * text, so the Dependencies panel, the quick fix and the tests share them.
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import validVersion from 'semver/functions/valid';

export type DependencySection = 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';

export const DEPENDENCY_SECTIONS: readonly DependencySection[] = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
];

/** Saving to one of these moves the package out of the others (npm's rule; peers stay alongside). */
const EXCLUSIVE_SECTIONS: readonly DependencySection[] = ['dependencies', 'devDependencies', 'optionalDependencies'];

/** The text a new package.json starts from when a project has none. */
export const EMPTY_PACKAGE_JSON = '{}\n';

export interface DependencyEntry {
  section: DependencySection;
  range: string;
}

/** Where `name` is declared, in section order. Throws if the text is not a valid package.json. */
export function findDependency(text: string, name: string): DependencyEntry[] {
  const root = parsePackageJson(text);
  const out: DependencyEntry[] = [];
  for (const section of DEPENDENCY_SECTIONS) {
    const value = findNodeAtLocation(root, [section, name]);
    if (value?.type === 'string') out.push({ section, range: value.value as string });
  }
  return out;
}

/**
 * `name` at `range` in `section`: replaced in place if already there, else inserted at its
 * alphabetical place (creating the section if needed). Like npm, saving to dependencies, dev or
 * optional removes the package from the other two.
 */
export function setDependency(text: string, name: string, range: string, section: DependencySection): string {
  parsePackageJson(text);
  const formatting = formattingOf(text);
  let out = text;
  if (EXCLUSIVE_SECTIONS.includes(section)) {
    for (const other of EXCLUSIVE_SECTIONS) if (other !== section) out = removeFrom(out, name, other, formatting);
  }
  // jsonc-parser hands getInsertionIndex the keys of the object that gets the new property.
  const exists = !!sectionNode(parseTree(out)!, section);
  const edits = exists
    ? modify(out, [section, name], range, {
        formattingOptions: formatting,
        getInsertionIndex: (keys) => alphabeticalIndex(keys, name),
      })
    : modify(
        out,
        [section],
        { [name]: range },
        {
          formattingOptions: formatting,
          getInsertionIndex: (keys) => sectionInsertionIndex(keys, section),
        },
      );
  return applyEdits(out, edits);
}

/** `name` removed from every dependency section; the text is unchanged if it is in none. */
export function removeDependency(text: string, name: string): string {
  parsePackageJson(text);
  const formatting = formattingOf(text);
  let out = text;
  for (const section of DEPENDENCY_SECTIONS) out = removeFrom(out, name, section, formatting);
  return out;
}

/** Specs that do not come from the registry; "update to latest" has no meaning for them. */
const NON_REGISTRY_SPEC =
  /^(git\+|git:|github:|gitlab:|bitbucket:|file:|link:|workspace:|portal:|https?:)|^[^@/\s]+\/[^/\s]+$/;

/**
 * The registry package a dependency entry points at: its own name, or the target of an `npm:` alias
 * (`"old": "npm:new@^2"`). Undefined for git, file, URL and other non-registry specs.
 */
export function registryPackageOf(name: string, range: string): { name: string; range: string } | undefined {
  if (range.startsWith('npm:')) {
    const spec = range.slice(4);
    const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
    return at < 0 ? { name: spec, range: '' } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
  }
  return NON_REGISTRY_SPEC.test(range) ? undefined : { name, range };
}

/**
 * The range that moves `current` to `latest` the way the person wrote it: an exact pin stays exact,
 * `~` stays `~`, anything else becomes `^latest` (npm's default save prefix). `npm:` aliases keep their target.
 */
export function updatedRange(current: string, latest: string): string {
  if (current.startsWith('npm:')) {
    const target = registryPackageOf('', current);
    return target ? `npm:${target.name}@${updatedRange(target.range, latest)}` : current;
  }
  const range = current.trim();
  if (validVersion(range) !== null) return latest;
  if (range.startsWith('~')) return `~${latest}`;
  return `^${latest}`;
}

/** The parse tree of a package.json, or an Error that says what is wrong and on which line. */
export function parsePackageJson(text: string): Node {
  const errors: ParseError[] = [];
  // npm reads package.json as strict JSON: comments and trailing commas break it, so they count as errors.
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length || !root) {
    const e = errors[0];
    const where = e ? ` (${describeParseError(e.error)} at line ${lineOf(text, e.offset)})` : '';
    throw new Error(`package.json is not valid JSON${where}. Fix it first; Cove does not overwrite a broken file.`);
  }
  if (root.type !== 'object') throw new Error('package.json must contain a JSON object ({ ... }).');
  for (const section of DEPENDENCY_SECTIONS) {
    const node = findNodeAtLocation(root, [section]);
    if (node && node.type !== 'object')
      throw new Error(
        `"${section}" in package.json (line ${lineOf(text, node.offset)}) must be an object of package names and versions.`,
      );
  }
  return root;
}

function removeFrom(text: string, name: string, section: DependencySection, formatting: FormattingOptions): string {
  const node = sectionNode(parseTree(text)!, section);
  const keys = node ? propertyKeys(node) : [];
  if (!keys.includes(name)) return text;
  // The last one out leaves `{}` (as npm writes it), not an empty object spread over two lines.
  const edits =
    keys.length === 1
      ? modify(text, [section], {}, { formattingOptions: formatting })
      : modify(text, [section, name], undefined, { formattingOptions: formatting });
  return applyEdits(text, edits);
}

function sectionNode(root: Node, section: DependencySection): Node | undefined {
  const node = findNodeAtLocation(root, [section]);
  return node?.type === 'object' ? node : undefined;
}

function propertyKeys(object: Node): string[] {
  return (object.children ?? []).map((p) => String(p.children?.[0]?.value));
}

/** Before the first key that sorts after `name` (npm sorts with `localeCompare(_, 'en')`). */
export function alphabeticalIndex(keys: string[], name: string): number {
  const at = keys.findIndex((k) => k.localeCompare(name, 'en') > 0);
  return at < 0 ? keys.length : at;
}

/** A new `dependencies` goes before `devDependencies` (where people expect it); other sections at the end. */
function sectionInsertionIndex(rootKeys: string[], section: DependencySection): number {
  const order = DEPENDENCY_SECTIONS;
  const mine = order.indexOf(section);
  const firstLater = rootKeys.findIndex((k) => order.indexOf(k as DependencySection) > mine);
  return firstLater < 0 ? rootKeys.length : firstLater;
}

/** The file's own indentation (the first indented line) and line ending; two spaces for a one-line file. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function describeParseError(code: number): string {
  const name = printParseErrorCode(code);
  // `PropertyNameExpected` -> `property name expected`
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
