/** The embed side of the SDK protocol against a fake SDK peer (a MessageChannel), with a real Workspace. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from '../../fs/blob-store';
import { Workspace } from '../../fs/workspace';
import type { FromSdkHost, SdkResponse } from '../../shared/sdk-protocol';
import type { PreviewEvent } from '../services/preview-host';
import { servePort, startSdkHost, type SdkSession } from './sdk-host';

function fakeSession() {
  const workspace = new Workspace(new Y.Doc(), createMemoryBlobStore());
  workspace.writeText('index.html', '<h1>hi</h1>');
  workspace.writeText('src/main.ts', 'console.log(1)');
  const listeners = new Set<(e: PreviewEvent) => void>();
  const preview = {
    url: '/',
    navigate(path: string) {
      this.url = path;
    },
    on(cb: (e: PreviewEvent) => void) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  const session = { workspace, preview, project: { meta: { title: 'T' } }, isDisposed: false };
  return {
    session: session as SdkSession,
    workspace,
    preview,
    fire: (e: PreviewEvent) => listeners.forEach((l) => l(e)),
  };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

function connect(loadError?: Error) {
  const fake = fakeSession();
  const opened: string[] = [];
  const channel = new MessageChannel();
  stops.push(
    servePort(channel.port2, {
      load: async () => {
        if (loadError) throw loadError;
        return fake.session;
      },
      openFile: (p) => opened.push(p),
      errorCount: () => 2,
    }),
    () => channel.port1.close(),
  );
  const received: FromSdkHost[] = [];
  channel.port1.onmessage = (e) => received.push(e.data as FromSdkHost);
  let id = 0;
  const request = async (body: object): Promise<SdkResponse> => {
    const rid = ++id;
    channel.port1.postMessage({ ...body, id: rid });
    await expect.poll(() => received.some((m) => m.type === 'response' && m.id === rid)).toBe(true);
    return received.find((m) => m.type === 'response' && m.id === rid) as SdkResponse;
  };
  return { ...fake, opened, received, request, port: channel.port1 };
}

describe('SDK host', () => {
  it('refuses requests before the project is loaded, then serves them', async () => {
    const c = connect();
    expect(await c.request({ type: 'get-files' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await c.request({ type: 'load', project: { files: {} } })).toMatchObject({
      ok: true,
      value: { title: 'T' },
    });
    await expect.poll(() => c.received.some((m) => m.type === 'event' && m.event === 'ready')).toBe(true);
    expect(await c.request({ type: 'load', project: { files: {} } })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await c.request({ type: 'get-files' })).toEqual({
      type: 'response',
      id: 4,
      ok: true,
      value: { 'index.html': '<h1>hi</h1>', 'src/main.ts': 'console.log(1)' },
    });
  });

  it('applies a diff, reports the change, and checks paths', async () => {
    const c = connect();
    await c.request({ type: 'load', project: { files: {} } });
    expect(
      await c.request({ type: 'apply-fs-diff', diff: { create: { 'a.ts': 'x' }, destroy: ['index.html'] } }),
    ).toMatchObject({ ok: true });
    expect(c.workspace.readText('a.ts')).toBe('x');
    expect(c.workspace.exists('index.html')).toBe(false);
    await expect
      .poll(() => c.received.flatMap((m) => (m.type === 'event' && m.event === 'change' ? m.data.paths : [])))
      .toEqual(expect.arrayContaining(['a.ts', 'index.html']));
    expect(await c.request({ type: 'apply-fs-diff', diff: { create: {}, destroy: ['nope'] } })).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    expect(await c.request({ type: 'apply-fs-diff', diff: { create: { '../x': 'y' }, destroy: [] } })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });

  it('opens files, drives the preview URL, forwards preview events', async () => {
    const c = connect();
    await c.request({ type: 'load', project: { files: {} } });
    expect(await c.request({ type: 'open-file', path: 'src/main.ts' })).toMatchObject({ ok: true });
    expect(c.opened).toEqual(['src/main.ts']);
    expect(await c.request({ type: 'open-file', path: 'gone.ts' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await c.request({ type: 'preview-set-url', path: '/about.html' })).toMatchObject({ ok: true });
    expect(await c.request({ type: 'preview-get-url' })).toMatchObject({ ok: true, value: '/about.html' });
    expect(await c.request({ type: 'preview-set-url', path: '//evil.example/' })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    c.fire({ type: 'console', level: 'log', args: [{ t: 'string', s: 'hi' }], time: 0 });
    c.fire({ type: 'loaded', url: '/' });
    await expect
      .poll(() => c.received.filter((m) => m.type === 'event').map((m) => (m as { event: string }).event))
      .toEqual(['ready', 'console', 'compiled']);
    expect(c.received.find((m) => m.type === 'event' && m.event === 'compiled')).toMatchObject({
      data: { url: '/', errors: 2 },
    });
  });

  it('answers malformed requests with invalid and a failed load with failed', async () => {
    const c = connect(new Error('disk full'));
    expect(await c.request({ type: 'open-file', path: 42 })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await c.request({ type: 'load', project: { files: {} } })).toMatchObject({
      ok: false,
      code: 'failed',
      message: 'disk full',
    });
  });
});

describe('the handshake', () => {
  it('says hello to the parent and takes only the first port from it', () => {
    const hellos: unknown[] = [];
    const parent = { postMessage: (m: unknown, target: string) => hellos.push([m, target]) };
    const target = new EventTarget();
    const win = Object.assign(target, { parent }) as unknown as Window;
    stops.push(
      startSdkHost(win, { load: () => new Promise(() => undefined), openFile: () => undefined, errorCount: () => 0 }),
    );
    expect(hellos).toEqual([[{ cove: 'sdk-hello', version: 1 }, '*']]);

    const stranger = new MessageChannel();
    target.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { cove: 'sdk-connect', version: 1 },
        source: null,
        ports: [stranger.port2],
      }),
    );
    const first = new MessageChannel();
    const second = new MessageChannel();
    const fromParent = (port: MessagePort) =>
      target.dispatchEvent(
        Object.assign(new Event('message'), {
          data: { cove: 'sdk-connect', version: 1 },
          source: parent as unknown as Window,
          ports: [port],
        }),
      );
    fromParent(first.port2);
    fromParent(second.port2);
    // Only the first parent's port is served: it answers, the others stay silent.
    const answers: string[] = [];
    for (const [name, ch] of [
      ['stranger', stranger],
      ['first', first],
      ['second', second],
    ] as const) {
      ch.port1.onmessage = () => answers.push(name);
      ch.port1.postMessage({ type: 'get-files', id: 1 });
      stops.push(() => ch.port1.close());
    }
    return expect
      .poll(() => answers, { timeout: 500 })
      .toEqual(['first'])
      .then(async () => {
        await new Promise((r) => setTimeout(r, 50));
        expect(answers).toEqual(['first']);
      });
  });

  it('does nothing outside a frame', () => {
    const win = {
      parent: undefined as unknown,
      addEventListener: () => {
        throw new Error('listened');
      },
    };
    win.parent = win;
    expect(() =>
      startSdkHost(win as unknown as Window, {
        load: () => new Promise(() => undefined),
        openFile: () => undefined,
        errorCount: () => 0,
      })(),
    ).not.toThrow();
  });
});
