/**
 * Who you are to the people you share with: a name and a colour, remembered in localStorage
 * (`cove:identity`). A first visit gets a random friendly name ("Curious Otter").
 */

export interface Identity {
  name: string;
  /** `#rrggbb` */
  color: string;
}

export const IDENTITY_KEY = 'cove:identity';
export const MAX_NAME_LENGTH = 32;

/** Colours that read well as cursor and avatar colours on both light and dark backgrounds. */
export const PALETTE = [
  '#e5484d',
  '#f76b15',
  '#d6a100',
  '#46a758',
  '#12a594',
  '#0090ff',
  '#3e63dd',
  '#8e4ec6',
  '#d6409f',
  '#a18072',
] as const;

const ADJECTIVES = [
  'Curious',
  'Brave',
  'Calm',
  'Clever',
  'Cheerful',
  'Gentle',
  'Happy',
  'Kind',
  'Lucky',
  'Nimble',
  'Quiet',
  'Swift',
  'Sunny',
  'Witty',
  'Bold',
  'Merry',
];

const ANIMALS = [
  'Otter',
  'Fox',
  'Heron',
  'Panda',
  'Owl',
  'Lynx',
  'Badger',
  'Dolphin',
  'Falcon',
  'Koala',
  'Puffin',
  'Seal',
  'Tiger',
  'Wombat',
  'Yak',
  'Robin',
];

const COLOR_PATTERN = /^#[0-9a-f]{6}$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

/** A display name without control characters or runs of spaces, at most MAX_NAME_LENGTH characters. */
export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '');
  return [...clean.replace(/\s+/g, ' ').trim()].slice(0, MAX_NAME_LENGTH).join('').trim();
}

export function randomIdentity(random: () => number = Math.random): Identity {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length) % list.length];
  return { name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`, color: pick(PALETTE) };
}

/** The remembered identity, or a new random one (remembered at once, so it stays the same). */
export function loadIdentity(storage: Pick<Storage, 'getItem' | 'setItem'>, random?: () => number): Identity {
  const saved = readIdentity(storage);
  if (saved) return saved;
  const fresh = randomIdentity(random);
  try {
    storage.setItem(IDENTITY_KEY, JSON.stringify(fresh));
  } catch {
    // Storage full or denied: this page still has a name.
  }
  return fresh;
}

/** Remember a new name and colour; throws on an empty name or a colour that is not `#rrggbb`. */
export function saveIdentity(storage: Pick<Storage, 'setItem'>, identity: Identity): Identity {
  const name = cleanName(identity.name);
  const color = identity.color.toLowerCase();
  if (!name) throw new Error('Your name cannot be empty.');
  if (!isColor(color)) throw new Error(`Not a colour: ${JSON.stringify(identity.color)} (use #rrggbb).`);
  const clean = { name, color };
  storage.setItem(IDENTITY_KEY, JSON.stringify(clean));
  return clean;
}

function readIdentity(storage: Pick<Storage, 'getItem'>): Identity | undefined {
  try {
    const raw = storage.getItem(IDENTITY_KEY);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { name, color } = value as Record<string, unknown>;
    if (typeof name !== 'string' || !isColor(typeof color === 'string' ? color.toLowerCase() : color)) return undefined;
    const clean = cleanName(name);
    return clean ? { name: clean, color: (color as string).toLowerCase() } : undefined;
  } catch {
    return undefined;
  }
}
