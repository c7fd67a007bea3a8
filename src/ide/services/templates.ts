/// <reference types="vite/client" />
/**
 * The starter projects in `templates/<name>/` (real Vite projects), bundled into the IDE with
 * `import.meta.glob`: text files as raw strings, binary files (by extension) as inline data URLs
 * decoded to bytes. Bundled eagerly (a few KB): the first visit creates the example without a
 * round trip for its files.
 */
import tsxGitignore from '/templates/tsx-no-deps/.gitignore?raw';
import vanillaGitignore from '/templates/vanilla-ts/.gitignore?raw';
import reactGitignore from '/templates/react-ts/.gitignore?raw';
import preactGitignore from '/templates/preact-ts/.gitignore?raw';

export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
}

export const DEFAULT_TEMPLATE = 'vanilla-ts';

const TEMPLATES: TemplateInfo[] = [
  {
    name: 'vanilla-ts',
    title: 'Vanilla TypeScript',
    description: 'A Vite-style TypeScript page: modules, CSS and CSS modules, JSON, an SVG logo and a PNG icon.',
  },
  {
    name: 'tsx-no-deps',
    title: 'TSX without dependencies',
    description: 'A todo list written in TSX with a tiny local JSX factory that builds real DOM: no npm packages.',
  },
  {
    name: 'react-ts',
    title: 'React + TypeScript',
    description: 'React 18 with TSX: a counter and a form; npm packages installed in the browser.',
  },
  {
    name: 'preact-ts',
    title: 'Preact + TypeScript',
    description: 'Preact with hooks in TSX: a counter and a list; npm packages installed in the browser.',
  },
];

// Glob patterns must be literals. Keep both extension lists equal to BINARY_EXTENSIONS.
const textFiles = import.meta.glob<string>(
  [
    '/templates/**/*',
    '!/templates/**/*.{png,jpg,jpeg,gif,webp,avif,ico,bmp,woff,woff2,ttf,otf,eot,mp3,wav,ogg,mp4,webm,wasm,pdf,zip}',
    '!**/node_modules/**',
  ],
  { query: '?raw', import: 'default', eager: true },
);
const binaryFiles = import.meta.glob<string>(
  [
    '/templates/**/*.{png,jpg,jpeg,gif,webp,avif,ico,bmp,woff,woff2,ttf,otf,eot,mp3,wav,ogg,mp4,webm,wasm,pdf,zip}',
    '!**/node_modules/**',
  ],
  { query: '?inline', import: 'default', eager: true },
);

/**
 * Dotfiles, imported by name: the bundled build's `import.meta.glob` (Vite 8, rolldown) skips
 * every dotfile whatever the pattern. Add new template dotfiles here (a unit test checks).
 */
export const DOT_FILES: Record<string, string> = {
  '/templates/vanilla-ts/.gitignore': vanillaGitignore,
  '/templates/tsx-no-deps/.gitignore': tsxGitignore,
  '/templates/react-ts/.gitignore': reactGitignore,
  '/templates/preact-ts/.gitignore': preactGitignore,
};

export const BINARY_EXTENSIONS = [
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'bmp', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'wav', 'ogg', 'mp4', 'webm', 'wasm', 'pdf', 'zip',
]; // prettier-ignore

export function isBinaryPath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 && BINARY_EXTENSIONS.includes(path.slice(dot + 1).toLowerCase());
}

export function listTemplates(): TemplateInfo[] {
  return TEMPLATES.map((t) => ({ ...t }));
}

/** A template's files as `path -> text or bytes`, paths relative to the template folder. */
export async function loadTemplate(name: string): Promise<Record<string, string | Uint8Array>> {
  if (!TEMPLATES.some((t) => t.name === name)) throw new Error(`Unknown template "${name}"`);
  const prefix = `/templates/${name}/`;
  const out: Record<string, string | Uint8Array> = {};
  for (const [key, text] of Object.entries({ ...textFiles, ...DOT_FILES })) {
    if (key.startsWith(prefix) && !isBinaryPath(key)) out[key.slice(prefix.length)] = text;
  }
  for (const [key, url] of Object.entries(binaryFiles)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = decodeDataUrl(url, key);
  }
  if (!Object.keys(out).length) throw new Error(`Template "${name}" has no files in this build`);
  // Stable order (the glob's order differs between dev and build).
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function decodeDataUrl(url: string, key: string): Uint8Array {
  const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(url);
  if (!match) throw new Error(`Template file ${key} was not inlined as a data URL`);
  if (!match[1]) return new TextEncoder().encode(decodeURIComponent(match[2]));
  const binary = atob(match[2]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
