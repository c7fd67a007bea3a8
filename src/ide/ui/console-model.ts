/**
 * The console's entries, as a pure reducer over preview events: repeated
 * identical messages collapse into one entry with a count, a reload starts
 * afresh with a divider, and the list is capped.
 */
import type { ConsoleLevel, SerializedValue } from '../../shared/protocol';
import type { PreviewEvent } from '../services/preview-host';

export type ConsoleEntry =
  | {
      kind: 'message';
      id: number;
      level: ConsoleLevel;
      args: SerializedValue[];
      time: number;
      count: number;
      key: string;
    }
  | {
      kind: 'error';
      id: number;
      level: 'error';
      message: string;
      stack?: string;
      file?: string;
      line?: number;
      column?: number;
      count: number;
      key: string;
    }
  | { kind: 'divider'; id: number; text: string };

export const CONSOLE_LIMIT = 1000;

export interface ConsoleState {
  entries: ConsoleEntry[];
  nextId: number;
  /** A page has started before: the next start is a reload. */
  started: boolean;
}

export const emptyConsole: ConsoleState = { entries: [], nextId: 1, started: false };

export function reduceConsole(state: ConsoleState, e: PreviewEvent, limit = CONSOLE_LIMIT): ConsoleState {
  switch (e.type) {
    case 'started':
      return state.started
        ? {
            entries: [{ kind: 'divider', id: state.nextId, text: 'Preview reloaded' }],
            nextId: state.nextId + 1,
            started: true,
          }
        : { ...state, started: true };
    case 'clear-console':
      return {
        ...state,
        entries: [{ kind: 'divider', id: state.nextId, text: 'Console was cleared' }],
        nextId: state.nextId + 1,
      };
    case 'console': {
      const key = `${e.level}\u0000${JSON.stringify(e.args)}`;
      return push(
        state,
        { kind: 'message', id: state.nextId, level: e.level, args: e.args, time: e.time, count: 1, key },
        limit,
      );
    }
    case 'error': {
      const { type: _type, ...rest } = e;
      const key = `error\u0000${JSON.stringify(rest)}`;
      return push(state, { kind: 'error', id: state.nextId, level: 'error', ...rest, count: 1, key }, limit);
    }
    default:
      return state;
  }
}

/** Empties the list (the Clear button). */
export function clearConsole(state: ConsoleState): ConsoleState {
  return { ...state, entries: [] };
}

function push(state: ConsoleState, entry: Extract<ConsoleEntry, { key: string }>, limit: number): ConsoleState {
  const last = state.entries[state.entries.length - 1];
  if (last && last.kind !== 'divider' && last.key === entry.key) {
    const entries = state.entries.slice(0, -1);
    entries.push({ ...last, count: last.count + 1 });
    return { ...state, entries };
  }
  const entries =
    state.entries.length >= limit ? state.entries.slice(state.entries.length - limit + 1) : state.entries.slice();
  entries.push(entry);
  return { ...state, entries, nextId: state.nextId + 1 };
}

/** All the text of an entry, for the filter. */
export function entryText(entry: ConsoleEntry): string {
  switch (entry.kind) {
    case 'divider':
      return entry.text;
    case 'error':
      return [entry.message, entry.file, entry.stack].filter(Boolean).join('\n');
    case 'message':
      return entry.args.map(valueText).join(' ');
  }
}

function valueText(v: SerializedValue): string {
  const children = v.e ? v.e.map(([k, c]) => `${k} ${valueText(c)}`).join(' ') : '';
  return children ? `${v.s} ${children}` : v.s;
}

export function visibleEntries(
  entries: ConsoleEntry[],
  filter: string,
  levels: ReadonlySet<ConsoleLevel>,
): ConsoleEntry[] {
  const needle = filter.trim().toLowerCase();
  return entries.filter((entry) => {
    if (entry.kind === 'divider') return !needle;
    if (!levels.has(entry.level)) return false;
    return !needle || entryText(entry).toLowerCase().includes(needle);
  });
}

export function levelCounts(entries: ConsoleEntry[]): Record<ConsoleLevel, number> {
  const counts: Record<ConsoleLevel, number> = { log: 0, info: 0, warn: 0, error: 0, debug: 0 };
  for (const e of entries) if (e.kind !== 'divider') counts[e.level] += e.count;
  return counts;
}
