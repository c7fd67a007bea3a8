/** The IDE's UI state as signals. Views read these; sessions and actions write them. */
import { computed, signal } from '@preact/signals';
import type { FileInfo, SaveState } from '../fs/types';
import type { BundlerState, BundlerTimings } from '../shared/protocol';
import type { Problem } from './problems';
import { countBySeverity } from './problems';
import type { Route } from './router';
import { parseRoute, routePath } from './router';
import type { TabsState } from './tabs';
import { emptyTabs } from './tabs';
import type { Theme } from './theme';

export interface BundlerStatus {
  state: BundlerState;
  detail?: string;
  pending: number;
  timings?: BundlerTimings;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
  /** Errors stay until dismissed; other notices fade out. */
  sticky?: boolean;
}

export const route = signal<Route>(
  typeof location === 'undefined' ? { view: 'root' } : parseRoute(location.pathname, location.hash, location.search),
);
export const theme = signal<Theme>('light');

/** Title of the open project (editable in the header). */
export const projectTitle = signal('');
export const projectId = signal<string | undefined>(undefined);
/** Files and folders of the open project, refreshed on every workspace change. */
export const fileList = signal<{ files: FileInfo[]; folders: string[] }>({ files: [], folders: [] });
export const tabs = signal<TabsState>(emptyTabs);
/** The renames of the last change batch (local or remote), so views can carry their state along. */
export const lastRenames = signal<{ from: string; to: string }[]>([]);
export const activeFile = computed(() => tabs.value.active);

export const problems = signal<Problem[]>([]);
export const problemCounts = computed(() => countBySeverity(problems.value));
export const bundlerStatus = signal<BundlerStatus>({ state: 'starting', pending: 0 });
export const saveState = signal<SaveState>({ state: 'saved', at: 0 });
/** Set briefly after Ctrl/Cmd+S so the status bar can say "Saved". */
export const savedFlash = signal(false);
export const cursor = signal<{ line: number; column: number } | undefined>(undefined);
export const bottomTab = signal<'console' | 'problems' | 'dependencies'>('console');
export const bottomOpen = signal(true);
export const previewOrigin = signal<string | undefined>(undefined);
export const READ_ONLY_MESSAGE = 'This live project is read-only for you: you joined it with a read-only link.';
/** The open project may not be changed here (joined live with a read-only link, or a `readonly=1` embed). */
export const readOnly = signal(false);
/** Why it is read-only, when not because of a live link (e.g. an embed); undefined: the live-link messages. */
export const readOnlyReason = signal<string | undefined>(undefined);

export const notices = signal<Notice[]>([]);
let noticeId = 0;

export function notify(kind: Notice['kind'], message: string, sticky = kind === 'error'): number {
  const id = ++noticeId;
  notices.value = [...notices.value.filter((n) => n.message !== message), { id, kind, message, sticky }];
  if (!sticky) setTimeout(() => dismissNotice(id), 4000);
  return id;
}

export function dismissNotice(id: number): void {
  notices.value = notices.value.filter((n) => n.id !== id);
}

export function navigate(to: Route, opts: { replace?: boolean } = {}): void {
  const path = routePath(to);
  if (opts.replace) history.replaceState(null, '', path);
  else if (location.pathname !== path) history.pushState(null, '', path);
  route.value = to;
}

/** Forget everything about the previously open project. */
export function resetProjectState(): void {
  projectTitle.value = '';
  projectId.value = undefined;
  fileList.value = { files: [], folders: [] };
  tabs.value = emptyTabs;
  problems.value = [];
  saveState.value = { state: 'saved', at: 0 };
  cursor.value = undefined;
  previewOrigin.value = undefined;
  readOnly.value = false;
  readOnlyReason.value = undefined;
}
