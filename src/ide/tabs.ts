/** Open editor tabs as plain data, changed by pure functions (the UI keeps the state in a signal). */
import { isWithin } from '../shared/paths';

export interface TabsState {
  /** Paths of open files, in tab order. */
  tabs: string[];
  active?: string;
}

export const emptyTabs: TabsState = { tabs: [] };

export function openTab(s: TabsState, path: string): TabsState {
  if (s.tabs.includes(path)) return s.active === path ? s : { ...s, active: path };
  const at = s.active ? s.tabs.indexOf(s.active) + 1 : s.tabs.length;
  const tabs = [...s.tabs.slice(0, at), path, ...s.tabs.slice(at)];
  return { tabs, active: path };
}

/** Closing the active tab activates its right neighbour, else its left one. */
export function closeTab(s: TabsState, path: string): TabsState {
  const i = s.tabs.indexOf(path);
  if (i < 0) return s;
  const tabs = s.tabs.filter((p) => p !== path);
  const active = s.active === path ? (tabs[i] ?? tabs[i - 1]) : s.active;
  return { tabs, active };
}

/** A file or folder was renamed: tabs at or below `from` follow it. */
export function renameTabs(s: TabsState, from: string, to: string): TabsState {
  const move = (p: string) => (isWithin(p, from) ? to + p.slice(from.length) : p);
  if (!s.tabs.some((p) => isWithin(p, from))) return s;
  return { tabs: s.tabs.map(move), active: s.active === undefined ? undefined : move(s.active) };
}

/** A file or folder was deleted: its tabs close. Returns the new state and the closed paths. */
export function removeTabs(s: TabsState, deleted: string): { state: TabsState; closed: string[] } {
  const closed = s.tabs.filter((p) => isWithin(p, deleted));
  let state = s;
  for (const p of closed) state = closeTab(state, p);
  return { state, closed };
}

export function activateRelative(s: TabsState, delta: number): TabsState {
  if (!s.tabs.length) return s;
  const i = s.active ? s.tabs.indexOf(s.active) : 0;
  const n = s.tabs.length;
  return { ...s, active: s.tabs[(((i + delta) % n) + n) % n] };
}
