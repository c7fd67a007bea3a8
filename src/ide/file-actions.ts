/** What the file tree and tabs do to the open project, with errors turned into notices. */
import { signal } from '@preact/signals';
import { basename, dirname, isWithin, joinPath } from '../shared/paths';
import * as state from './app-state';
import { describeUpload, uploadFiles, type IncomingFile } from './file-upload';
import { errorMessage, session } from './project-controller';
import { activateRelative, closeTab, openTab } from './tabs';

/** A location the editor should reveal (set by Problems, consumed by the editor pane). */
export const revealRequest = signal<{ path: string; line: number; column: number; seq: number } | undefined>(undefined);
let revealSeq = 0;

export function openFile(path: string): void {
  state.tabs.value = openTab(state.tabs.value, path);
}

export function closeFile(path: string): void {
  state.tabs.value = closeTab(state.tabs.value, path);
}

export function cycleTabs(delta: number): void {
  state.tabs.value = activateRelative(state.tabs.value, delta);
}

export function reveal(path: string, line: number, column: number): void {
  const ws = session.value?.workspace;
  if (!ws?.exists(path)) {
    state.notify('info', `${path} is not in the project.`);
    return;
  }
  openFile(path);
  revealRequest.value = { path, line, column, seq: ++revealSeq };
}

export const READ_ONLY_MESSAGE = state.READ_ONLY_MESSAGE;

/** The open project's workspace, for a change (refused when the project is read-only here). */
function workspace() {
  const ws = session.value?.workspace;
  if (!ws) throw new Error('No project is open.');
  if (state.readOnly.peek()) throw new Error(state.readOnlyReason.peek() ?? READ_ONLY_MESSAGE);
  return ws;
}

/** Create a file (empty) inside `folder`; throws with a readable message on conflicts. */
export function createFile(folder: string, name: string): string {
  const path = joinPath(folder, name.trim());
  const ws = workspace();
  if (ws.exists(path) || ws.folders().includes(path)) throw new Error(`"${basename(path)}" already exists here.`);
  ws.writeText(path, '');
  openFile(path);
  return path;
}

export function createFolder(parent: string, name: string): string {
  const path = joinPath(parent, name.trim());
  const ws = workspace();
  if (ws.exists(path) || ws.folders().includes(path)) throw new Error(`"${basename(path)}" already exists here.`);
  ws.createFolder(path);
  return path;
}

export function renamePath(from: string, newName: string): string {
  const to = joinPath(dirname(from), newName.trim());
  if (to === from) return from;
  workspace().rename(from, to);
  return to;
}

/** Move a file or folder into `folder` ('' is the root). Returns the new path, or undefined if nothing moved. */
export function movePath(from: string, folder: string): string | undefined {
  if (dirname(from) === folder) return undefined;
  if (isWithin(folder, from)) {
    state.notify('error', `Cannot move "${basename(from)}" into itself.`);
    return undefined;
  }
  const to = folder ? `${folder}/${basename(from)}` : basename(from);
  try {
    workspace().rename(from, to);
    return to;
  } catch (err) {
    state.notify('error', errorMessage(err));
    return undefined;
  }
}

export function deletePath(path: string): void {
  try {
    workspace().delete(path);
  } catch (err) {
    state.notify('error', errorMessage(err));
  }
}

/** Upload files from the computer into `folder`; says what happened in a notice. Returns the written paths. */
export async function uploadInto(
  folder: string,
  files: readonly IncomingFile[],
  confirmReplace: (paths: string[]) => Promise<boolean>,
): Promise<string[]> {
  if (!files.length) return [];
  try {
    const result = await uploadFiles(workspace(), folder, files, confirmReplace);
    const failed = result.skipped.some((s) => s.reason !== 'already exists');
    state.notify(failed ? 'error' : 'success', describeUpload(folder, result));
    if (result.written.length === 1) openFile(result.written[0]);
    return result.written;
  } catch (err) {
    state.notify('error', `Upload failed, nothing was written: ${errorMessage(err)}`);
    return [];
  }
}

/** Ctrl/Cmd+S: everything is saved continuously; flush now and say so. */
export async function saveNow(): Promise<void> {
  const s = session.value;
  if (!s) return;
  try {
    await s.flush();
    if (state.saveState.value.state !== 'error') {
      state.savedFlash.value = true;
      setTimeout(() => (state.savedFlash.value = false), 1500);
    }
  } catch (err) {
    state.notify('error', `Not saved: ${errorMessage(err)}`);
  }
}
