/** The SDK's VM against a fake embed page on the other end of a MessageChannel (handlers per message type). */
import { afterEach, describe, expect, it } from 'vitest';
import type { FromSdkHost, SdkRequest } from '../shared/sdk-protocol';
import { isSdkRequest } from '../shared/sdk-protocol';
import { Connection } from './connection';
import { CoveSdkError } from './errors';
import { VM } from './vm';

type Handlers = { [K in SdkRequest['type']]?: (req: Extract<SdkRequest, { type: K }>) => unknown };

function fakeHost(handlers: Handlers) {
  const channel = new MessageChannel();
  const files: Record<string, string> = { 'index.html': '<h1>hi</h1>' };
  let url = '/';
  const defaults: Handlers = {
    'get-files': () => ({ ...files }),
    'apply-fs-diff': ({ diff }) => {
      for (const p of diff.destroy) delete files[p];
      Object.assign(files, diff.create);
      send({ type: 'event', event: 'change', data: { paths: [...Object.keys(diff.create), ...diff.destroy] } });
    },
    'open-file': ({ path }) => {
      if (!(path in files)) throw Object.assign(new Error(`No file "${path}"`), { code: 'not-found' });
    },
    'preview-get-url': () => url,
    'preview-set-url': ({ path }) => void (url = path),
  };
  const all = { ...defaults, ...handlers };
  const received: unknown[] = [];
  const send = (m: FromSdkHost) => channel.port2.postMessage(m);
  channel.port2.onmessage = (e) => {
    received.push(e.data);
    if (!isSdkRequest(e.data)) return;
    const req = e.data;
    const handler = all[req.type] as ((r: SdkRequest) => unknown) | undefined;
    if (!handler) return; // never answers: the SDK must time out
    try {
      send({ type: 'response', id: req.id, ok: true, value: handler(req) });
    } catch (err) {
      const code = (err as { code?: 'not-found' }).code ?? 'failed';
      send({ type: 'response', id: req.id, ok: false, code, message: (err as Error).message });
    }
  };
  return { port: channel.port1, host: channel.port2, files, send, received };
}

const open: MessagePort[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

function setup(handlers: Handlers = {}, timeout = 500) {
  const host = fakeHost(handlers);
  open.push(host.port, host.host);
  const destroyed: boolean[] = [];
  const vm = new VM(new Connection(host.port, timeout), () => destroyed.push(true));
  return { vm, destroyed, ...host };
}

describe('VM against a fake host', () => {
  it('reads and changes files, and reports the change event', async () => {
    const { vm, files } = setup();
    expect(await vm.getFiles()).toEqual({ 'index.html': '<h1>hi</h1>' });
    const changes: string[][] = [];
    const off = vm.on('change', (e) => changes.push(e.paths));
    await vm.applyFsDiff({ create: { 'a.ts': 'x' }, destroy: ['index.html'] });
    expect(files).toEqual({ 'a.ts': 'x' });
    await expect.poll(() => changes).toEqual([['a.ts', 'index.html']]);
    off();
    await vm.applyFsDiff({ create: { 'b.ts': 'y' }, destroy: [] });
    await vm.getFiles(); // the event would have arrived before this answer
    expect(changes).toHaveLength(1);
  });

  it('ready is sticky: a listener added after the project loaded still hears it, once', async () => {
    const { vm, send } = setup();
    const early: string[] = [];
    vm.on('ready', (d) => early.push(d.title));
    send({ type: 'event', event: 'ready', data: { title: 'Loaded' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(early).toEqual(['Loaded']);
    const late: string[] = [];
    vm.on('ready', (d) => late.push(d.title));
    const gone: string[] = [];
    vm.on('ready', (d) => gone.push(d.title))(); // unsubscribed at once: never called
    await new Promise((r) => setTimeout(r, 20));
    expect(late).toEqual(['Loaded']);
    expect(gone).toEqual([]);
    expect(early).toEqual(['Loaded']);
  });

  it('rejects with typed errors: not-found from the host, invalid before sending', async () => {
    const { vm, received } = setup();
    const err = await vm.openFile('missing.ts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoveSdkError);
    expect((err as CoveSdkError).code).toBe('not-found');
    await expect(vm.applyFsDiff({ create: { a: 1 as never }, destroy: [] })).rejects.toMatchObject({ code: 'invalid' });
    expect(received.filter((m) => (m as SdkRequest).type === 'apply-fs-diff')).toHaveLength(0);
  });

  it('drives the preview URL', async () => {
    const { vm } = setup();
    await vm.preview.setUrl('/about.html');
    expect(await vm.preview.getUrl()).toBe('/about.html');
  });

  it('times out when the host does not answer', async () => {
    const { vm } = setup({ 'get-files': undefined }, 50);
    await expect(vm.getFiles()).rejects.toMatchObject({ name: 'CoveSdkError', code: 'timeout' });
  });

  it('ignores malformed messages and answers to unknown ids', async () => {
    const { vm, send, host } = setup();
    host.postMessage({ type: 'event', event: 'console', data: 'not an object' });
    host.postMessage({ type: 'response', id: 999, ok: true });
    const logs: unknown[] = [];
    vm.on('console', (e) => logs.push(e));
    send({ type: 'event', event: 'console', data: { level: 'log', args: ['hello'] } });
    await expect.poll(() => logs).toEqual([{ level: 'log', args: ['hello'] }]);
  });

  it('destroy rejects pending and later calls with destroyed', async () => {
    const { vm, destroyed } = setup({ 'get-files': undefined }, 5000);
    const pending = vm.getFiles();
    vm.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'destroyed' });
    await expect(vm.preview.getUrl()).rejects.toMatchObject({ code: 'destroyed' });
    expect(destroyed).toEqual([true]);
    vm.destroy();
    expect(destroyed).toEqual([true]);
  });
});
