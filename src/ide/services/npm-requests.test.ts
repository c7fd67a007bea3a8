import { afterEach, describe, expect, it, vi } from 'vitest';
import { NpmRequests } from './npm-requests';

afterEach(() => vi.useRealTimers());

describe('NpmRequests', () => {
  it('resolves with the answer of its own id and kind', async () => {
    const requests = new NpmRequests();
    const sent: number[] = [];
    const a = requests.start('latest', 'looking up a', (id) => sent.push(id));
    const b = requests.start('read', 'reading b', (id) => sent.push(id));
    expect(sent).toEqual([1, 2]);
    requests.settle('read', 1, 'wrong kind', undefined);
    requests.settle('latest', 1, '18.3.1', undefined);
    requests.settle('read', 2, 'text', undefined);
    await expect(a).resolves.toBe('18.3.1');
    await expect(b).resolves.toBe('text');
    expect(requests.size).toBe(0);
  });

  it("rejects with the worker's message", async () => {
    const requests = new NpmRequests();
    const p = requests.start('latest', 'x', () => undefined);
    requests.settle('latest', 1, undefined, 'Package "nope" was not found in the registry.');
    await expect(p).rejects.toThrow('Package "nope" was not found in the registry.');
  });

  it('times out with a sentence that says what it waited for', async () => {
    vi.useFakeTimers();
    const requests = new NpmRequests({ read: 1000, latest: 5000 });
    const p = requests.start('read', 'reading node_modules/a/index.js', () => undefined);
    const check = expect(p).rejects.toThrow('did not answer within 1 s while reading node_modules/a/index.js');
    vi.advanceTimersByTime(1001);
    await check;
    // A late answer is ignored.
    requests.settle('read', 1, 'late', undefined);
    expect(requests.size).toBe(0);
  });

  it('rejects everything pending when the bundler stops', async () => {
    const requests = new NpmRequests();
    const p = requests.start('latest', 'x', () => undefined);
    requests.rejectAll(new Error('stopped'));
    await expect(p).rejects.toThrow('stopped');
  });
});
