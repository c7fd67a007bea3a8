/** Words and numbers for an install's state, shared by the Dependencies panel and the status bar. */
import type { InstallProgress, InstallStatus, NpmErrorCode } from '../../shared/npm';

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function isRunning(status: InstallStatus | undefined): boolean {
  const phase = status?.progress.phase;
  return phase === 'resolving' || phase === 'downloading';
}

/** "resolved 40 packages · downloaded 12/30 · 1.2 MB" (parts that mean nothing yet are left out). */
export function progressText(p: InstallProgress): string {
  const parts = [`resolved ${p.resolved} package${p.resolved === 1 ? '' : 's'}`];
  if (p.toDownload > 0) parts.push(`downloaded ${p.downloaded}/${p.toDownload}`);
  if (p.bytes > 0) parts.push(formatBytes(p.bytes));
  return parts.join(' · ');
}

/** 0..1 while downloading, undefined while the amount of work is not known yet. */
export function progressFraction(p: InstallProgress): number | undefined {
  if (p.phase !== 'downloading' || p.toDownload <= 0) return undefined;
  return Math.min(1, p.downloaded / p.toDownload);
}

const ERROR_TITLES: Record<NpmErrorCode, string> = {
  'unknown-package': 'Package not found',
  'no-matching-version': 'No version matches',
  'registry-unreachable': 'Registry unreachable',
  'integrity-mismatch': 'Integrity check failed',
  'corrupt-tarball': 'Damaged package download',
  'bad-project-file': 'Project file cannot be read',
  'unsupported-spec': 'Dependency cannot be installed in the browser',
  'storage-full': 'Browser storage is full',
  cancelled: 'Install cancelled',
};

export function errorTitle(code: NpmErrorCode): string {
  return ERROR_TITLES[code];
}

/** One line for people and screen readers, changing only when the phase does (not on every package). */
export function phaseSentence(status: InstallStatus | undefined): string {
  if (!status) return 'Waiting for the package installer…';
  const n = status.dependencies.length;
  switch (status.progress.phase) {
    case 'resolving':
      return 'Resolving dependencies…';
    case 'downloading':
      return 'Downloading packages…';
    case 'failed':
      return `Install failed${status.error ? `: ${errorTitle(status.error.code).toLowerCase()}` : ''}.`;
    case 'cancelled':
      return 'Install cancelled. The project keeps the packages it had.';
    case 'done':
      return n ? `Dependencies installed (${n} direct).` : 'No dependencies.';
    default:
      return n ? `${n} direct dependenc${n === 1 ? 'y' : 'ies'}.` : 'No dependencies.';
  }
}

/** The status bar's short form; undefined when there is nothing worth a place there. */
export function statusBarText(status: InstallStatus | undefined): { text: string; cls: string } | undefined {
  if (!status) return undefined;
  const p = status.progress;
  switch (p.phase) {
    case 'resolving':
      return { text: p.resolved ? `Resolving… ${p.resolved}` : 'Resolving…', cls: 'busy' };
    case 'downloading':
      return { text: p.toDownload ? `Installing… ${p.downloaded}/${p.toDownload}` : 'Installing…', cls: 'busy' };
    case 'failed':
      return {
        text: status.error ? `Install failed: ${errorTitle(status.error.code)}` : 'Install failed',
        cls: 'error',
      };
    case 'cancelled':
      return { text: 'Install cancelled', cls: 'muted' };
    default:
      return undefined;
  }
}
