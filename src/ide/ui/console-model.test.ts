import { describe, expect, it } from 'vitest';
import type { ConsoleLevel } from '../../shared/protocol';
import type { PreviewEvent } from '../services/preview-host';
import { emptyConsole, levelCounts, reduceConsole, visibleEntries, type ConsoleState } from './console-model';

const log = (text: string, level: ConsoleLevel = 'log'): PreviewEvent => ({
  type: 'console',
  level,
  args: [{ t: 'string', s: text }],
  time: 0,
});
const run = (events: PreviewEvent[], limit?: number): ConsoleState =>
  events.reduce((s, e) => reduceConsole(s, e, limit), emptyConsole);

describe('console model', () => {
  it('collapses repeated identical messages with a count', () => {
    const s = run([log('a'), log('a'), log('a'), log('b'), log('a')]);
    expect(s.entries.map((e) => (e.kind === 'message' ? `${e.args[0].s}x${e.count}` : e.kind))).toEqual([
      'ax3',
      'bx1',
      'ax1',
    ]);
    expect(levelCounts(s.entries).log).toBe(5);
  });

  it('does not collapse the same text at another level', () => {
    expect(run([log('a'), log('a', 'warn')]).entries).toHaveLength(2);
  });

  it('starts afresh with a divider when the preview reloads, but not on the first page', () => {
    const first = run([{ type: 'started', url: '/' }, log('one')]);
    expect(first.entries.map((e) => e.kind)).toEqual(['message']);
    const again = reduceConsole(first, { type: 'started', url: '/' });
    expect(again.entries).toEqual([expect.objectContaining({ kind: 'divider', text: 'Preview reloaded' })]);
  });

  it('console.clear leaves a note', () => {
    const s = run([log('x'), { type: 'clear-console' }]);
    expect(s.entries).toEqual([expect.objectContaining({ kind: 'divider', text: 'Console was cleared' })]);
  });

  it('keeps at most `limit` entries, dropping the oldest', () => {
    const s = run(
      Array.from({ length: 10 }, (_, i) => log(String(i))),
      4,
    );
    expect(s.entries.map((e) => e.kind === 'message' && e.args[0].s)).toEqual(['6', '7', '8', '9']);
  });

  it('filters by text (including stacks) and by level', () => {
    const s = run([
      log('hello'),
      log('careful', 'warn'),
      {
        type: 'error',
        message: 'Uncaught Error: boom',
        stack: 'Error: boom\n  at src/main.ts:3:1',
        file: 'src/main.ts',
      },
    ]);
    const all = new Set<ConsoleLevel>(['log', 'info', 'warn', 'error', 'debug']);
    expect(visibleEntries(s.entries, 'main.ts', all)).toHaveLength(1);
    expect(visibleEntries(s.entries, 'HELLO', all)).toHaveLength(1);
    expect(visibleEntries(s.entries, '', new Set<ConsoleLevel>(['warn', 'error']))).toHaveLength(2);
  });
});
