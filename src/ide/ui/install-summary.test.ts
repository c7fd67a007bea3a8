import { describe, expect, it } from 'vitest';
import type { InstallProgress, InstallStatus } from '../../shared/npm';
import { formatBytes, phaseSentence, progressFraction, progressText, statusBarText } from './install-summary';

const progress = (p: Partial<InstallProgress>): InstallProgress => ({
  phase: 'downloading',
  resolved: 0,
  toDownload: 0,
  downloaded: 0,
  bytes: 0,
  ...p,
});
const status = (p: Partial<InstallProgress>, extra: Partial<InstallStatus> = {}): InstallStatus => ({
  progress: progress(p),
  dependencies: [],
  warnings: [],
  ...extra,
});

describe('install summary', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1234)).toBe('1.2 kB');
    expect(formatBytes(123_456)).toBe('123 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
  });

  it('says how far an install is', () => {
    expect(progressText(progress({ resolved: 40, toDownload: 30, downloaded: 12, bytes: 1_200_000 }))).toBe(
      'resolved 40 packages · downloaded 12/30 · 1.2 MB',
    );
    expect(progressText(progress({ phase: 'resolving', resolved: 1 }))).toBe('resolved 1 package');
    expect(progressFraction(progress({ toDownload: 4, downloaded: 1 }))).toBe(0.25);
    expect(progressFraction(progress({ phase: 'resolving', toDownload: 4 }))).toBeUndefined();
  });

  it('gives the status bar a short form only when something is happening or went wrong', () => {
    expect(statusBarText(status({ toDownload: 40, downloaded: 12 }))).toEqual({
      text: 'Installing… 12/40',
      cls: 'busy',
    });
    expect(
      statusBarText(
        status(
          { phase: 'failed' },
          { error: { code: 'registry-unreachable', message: 'The registry did not answer.' } },
        ),
      ),
    ).toEqual({ text: 'Install failed: Registry unreachable', cls: 'error' });
    expect(statusBarText(status({ phase: 'done' }))).toBeUndefined();
    expect(statusBarText(undefined)).toBeUndefined();
  });

  it('announces phases, not package counts', () => {
    expect(phaseSentence(status({ phase: 'resolving', resolved: 3 }))).toBe(
      phaseSentence(status({ phase: 'resolving', resolved: 9 })),
    );
    expect(phaseSentence(status({ phase: 'failed' }, { error: { code: 'unknown-package', message: 'x' } }))).toMatch(
      /package not found/,
    );
  });
});
