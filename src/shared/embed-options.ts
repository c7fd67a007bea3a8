/**
 * The options of the `/embed` page, as one table: the SDK writes them into the iframe's query,
 * the embed page reads them back. Each option has an allow-list (enums) or a checker, so a bad
 * value falls back to the default instead of breaking the page.
 */

export type EmbedView = 'editor' | 'preview' | 'split';
export type EmbedTheme = 'light' | 'dark';
export type EmbedLoad = 'click' | 'eager' | 'lazy';

export interface EmbedOptions {
  /** What shows: the editor, the preview, or both side by side (default). */
  view?: EmbedView;
  /** The file shown first (wins over the project's `open`). */
  file?: string;
  /** Default: the browser's preference. */
  theme?: EmbedTheme;
  /** No edits from the person in the frame (the SDK may still change files). */
  readonly?: boolean;
  /** Show the file tree (default: no). */
  explorer?: boolean;
  /** Show the console under the preview (default: no). */
  console?: boolean;
  /** `click`: a poster with a "Run project" button, nothing heavy before the click; `lazy`: once scrolled into view. */
  load?: EmbedLoad;
}

type OptionName = keyof EmbedOptions;

interface OptionCodec<T> {
  read(raw: string): T | undefined;
  write(value: T): string;
}

const oneOf = <T extends string>(allowed: readonly T[]): OptionCodec<T> => ({
  read: (raw) => (allowed.includes(raw as T) ? (raw as T) : undefined),
  write: (value) => value,
});

const flag: OptionCodec<boolean> = {
  read: (raw) => (raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined),
  write: (value) => (value ? '1' : '0'),
};

const path: OptionCodec<string> = {
  read: (raw) => (raw && raw.length <= 1000 ? raw.replace(/^\/+/, '') : undefined),
  write: (value) => value,
};

const OPTIONS: { [K in OptionName]-?: OptionCodec<NonNullable<EmbedOptions[K]>> } = {
  view: oneOf<EmbedView>(['editor', 'preview', 'split']),
  file: path,
  theme: oneOf<EmbedTheme>(['light', 'dark']),
  readonly: flag,
  explorer: flag,
  console: flag,
  load: oneOf<EmbedLoad>(['click', 'eager', 'lazy']),
};

export const EMBED_OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** The options in a query string (`location.search`); unknown or invalid ones are left out. */
export function parseEmbedOptions(search: string): EmbedOptions {
  const params = new URLSearchParams(search);
  const out: Record<string, unknown> = {};
  for (const name of EMBED_OPTION_NAMES) {
    const raw = params.get(name);
    if (raw === null) continue;
    const value = (OPTIONS[name] as OptionCodec<unknown>).read(raw);
    if (value !== undefined) out[name] = value;
  }
  return out as EmbedOptions;
}

/** The query string (without `?`) for these options; only the given ones are written. */
export function embedOptionsQuery(options: EmbedOptions): string {
  const params = new URLSearchParams();
  for (const name of EMBED_OPTION_NAMES) {
    const value = options[name];
    if (value === undefined) continue;
    const codec = OPTIONS[name] as OptionCodec<unknown>;
    if (codec.read(codec.write(value)) === undefined) continue; // not an allowed value
    params.set(name, codec.write(value));
  }
  return params.toString();
}
