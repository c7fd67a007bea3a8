import { describe, expect, it } from 'vitest';
import type { FromPreview } from '../shared/protocol';
import { captureConsole } from './console-capture';

function fakeConsole() {
  const calls: [string, unknown[]][] = [];
  const c: Record<string, (...args: unknown[]) => void> = {};
  for (const name of [
    'log',
    'info',
    'warn',
    'error',
    'debug',
    'clear',
    'table',
    'trace',
    'assert',
    'dir',
    'count',
    'time',
    'timeEnd',
  ])
    c[name] = (...args: unknown[]) => void calls.push([name, args]);
  return { console: c as unknown as Console, calls };
}

describe('captureConsole', () => {
  it('forwards each level and keeps the original console working', () => {
    const { console: c, calls } = fakeConsole();
    const sent: FromPreview[] = [];
    captureConsole(c, { send: (m) => sent.push(m), now: () => 1 });
    c.log('hello %s', 'world', { a: 1 });
    c.warn('careful');
    c.error(new Error('bad'));
    expect(calls.map(([n]) => n)).toEqual(['log', 'warn', 'error']);
    expect(calls[0][1]).toEqual(['hello %s', 'world', { a: 1 }]);
    expect(sent.map((m) => m.type === 'console' && m.level)).toEqual(['log', 'warn', 'error']);
    const first = sent[0] as Extract<FromPreview, { type: 'console' }>;
    expect(first.args.map((a) => a.s)).toEqual(['hello world', '{a: 1}']);
    expect((sent[2] as Extract<FromPreview, { type: 'console' }>).args[0].t).toBe('error');
  });

  it('reports clear, failed asserts and traces', () => {
    const { console: c } = fakeConsole();
    const sent: FromPreview[] = [];
    captureConsole(c, { send: (m) => sent.push(m), now: () => 1 });
    c.clear();
    c.assert(true, 'fine');
    c.assert(false, 'broken');
    c.trace('here');
    expect(sent[0]).toEqual({ cove: 1, type: 'clear-console' });
    expect(sent).toHaveLength(3);
    const assertMsg = sent[1] as Extract<FromPreview, { type: 'console' }>;
    expect(assertMsg.level).toBe('error');
    expect(assertMsg.args.map((a) => a.s)).toEqual(['Assertion failed:', 'broken']);
    const trace = sent[2] as Extract<FromPreview, { type: 'console' }>;
    expect(trace.args[0].s).toBe('here');
    expect(trace.args[1].s).toContain('console-capture.test.ts');
  });

  it('caps floods and says how many messages it skipped', () => {
    const { console: c } = fakeConsole();
    const sent: FromPreview[] = [];
    let time = 0;
    captureConsole(c, { send: (m) => sent.push(m), now: () => time, maxPerSecond: 10 });
    for (let i = 0; i < 100; i++) c.log(i);
    expect(sent).toHaveLength(10);
    time = 1500;
    c.log('after');
    const notice = sent[10] as Extract<FromPreview, { type: 'console' }>;
    expect(notice.level).toBe('warn');
    expect(notice.args[0].s).toContain('90 console messages were not shown');
    expect((sent[11] as Extract<FromPreview, { type: 'console' }>).args[0].s).toBe('after');
  });

  it('does not recurse when serializing logs again', () => {
    const { console: c } = fakeConsole();
    const sent: FromPreview[] = [];
    captureConsole(c, { send: (m) => sent.push(m), now: () => 1 });
    const sneaky = {
      toString() {
        c.log('inner');
        return 'sneaky';
      },
    };
    c.log('%s', sneaky);
    expect(sent).toHaveLength(1);
  });
});
