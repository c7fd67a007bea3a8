/**
 * Forwards the page's console calls to the IDE as SerializedValues while the
 * browser's own console keeps working. Floods are capped so that a logging loop
 * cannot swamp the IDE.
 */
import type { ConsoleLevel, FromPreview } from '../shared/protocol';
import { applyFormat } from './format';
import { serializeArgs } from './serialize';

export interface CaptureOptions {
  send(msg: FromPreview): void;
  now?: () => number;
  /** Messages forwarded per second before the rest are counted and skipped. */
  maxPerSecond?: number;
}

type ConsoleFn = (...args: unknown[]) => void;

export function captureConsole(target: Console, opts: CaptureOptions): void {
  const now = opts.now ?? (() => Date.now());
  const maxPerSecond = opts.maxPerSecond ?? 500;
  let windowStart = 0;
  let inWindow = 0;
  let skipped = 0;
  // Serializing may run user code (e.g. a toString that logs): never recurse.
  let busy = false;

  const emit = (level: ConsoleLevel, args: unknown[]) => {
    if (busy) return;
    busy = true;
    try {
      const time = now();
      if (time - windowStart >= 1000) {
        if (skipped) {
          opts.send({
            cove: 1,
            type: 'console',
            level: 'warn',
            args: serializeArgs([`${skipped} console messages were not shown (too many per second).`]),
            time,
          });
        }
        windowStart = time;
        inWindow = 0;
        skipped = 0;
      }
      if (++inWindow > maxPerSecond) {
        skipped++;
        return;
      }
      opts.send({ cove: 1, type: 'console', level, args: serializeArgs(applyFormat(args)), time });
    } catch {
      // Logging must never break the page.
    } finally {
      busy = false;
    }
  };

  const wrap = (name: keyof Console, forward: (args: unknown[]) => void) => {
    const original = target[name] as ConsoleFn | undefined;
    if (typeof original !== 'function') return;
    (target as unknown as Record<string, ConsoleFn>)[name] = function (this: unknown, ...args: unknown[]) {
      forward(args);
      return original.apply(target, args);
    };
  };

  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) wrap(level, (args) => emit(level, args));
  wrap('dir', (args) => emit('log', args.slice(0, 1)));
  wrap('dirxml', (args) => emit('log', args));
  wrap('table', (args) => emit('log', args.slice(0, 1)));
  wrap('trace', (args) => emit('log', [...(args.length ? args : ['console.trace']), callerStack()]));
  wrap('assert', ([cond, ...rest]) => {
    if (!cond) emit('error', ['Assertion failed:', ...(rest.length ? rest : ['console.assert'])]);
  });
  wrap('clear', () => {
    if (!busy) opts.send({ cove: 1, type: 'clear-console' });
  });
  wrap('group', (args) => emit('log', args.length ? args : ['console.group']));
  wrap('groupCollapsed', (args) => emit('log', args.length ? args : ['console.group']));

  const counts = new Map<string, number>();
  wrap('count', ([label = 'default']) => {
    const n = (counts.get(String(label)) ?? 0) + 1;
    counts.set(String(label), n);
    emit('info', [`${String(label)}: ${n}`]);
  });
  wrap('countReset', ([label = 'default']) => counts.delete(String(label)));

  const timers = new Map<string, number>();
  const elapsed = (label: string, extra: unknown[], end: boolean) => {
    const start = timers.get(label);
    if (start === undefined) return emit('warn', [`Timer '${label}' does not exist`]);
    if (end) timers.delete(label);
    emit('info', [`${label}: ${(performance.now() - start).toFixed(3)} ms${end ? ' - timer ended' : ''}`, ...extra]);
  };
  wrap('time', ([label = 'default']) => void timers.set(String(label), performance.now()));
  wrap('timeLog', ([label = 'default', ...extra]) => elapsed(String(label), extra, false));
  wrap('timeEnd', ([label = 'default']) => elapsed(String(label), [], true));
}

/** The stack of the code that called console.trace, without our own frames. */
function callerStack(): string {
  const lines = (new Error().stack ?? '').split('\n');
  // Drop "Error", callerStack, the forward arrow and the wrapper.
  return lines.slice(lines[0]?.startsWith('Error') ? 4 : 3).join('\n');
}
