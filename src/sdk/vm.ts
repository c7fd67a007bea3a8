/** The handle `embedProject` resolves to: drives one embedded project over its connection. */
import type { SdkEventMap, SdkEventName, SdkFsDiff } from '../shared/sdk-protocol';
import type { Connection } from './connection';
import { CoveSdkError } from './errors';

export interface VMPreview {
  /** The preview's current path and query, e.g. `/about.html?x=1`. */
  getUrl(): Promise<string>;
  /** Navigate the preview to a path of the project (`/about.html`). */
  setUrl(path: string): Promise<void>;
}

export class VM {
  readonly preview: VMPreview;
  /** The last `ready` event's data: `ready` is sticky, so a listener added after it still hears it. */
  private readyData: SdkEventMap['ready'] | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly onDestroy: () => void = () => undefined,
  ) {
    this.connection.on('ready', (data) => {
      this.readyData = data;
    });
    this.preview = {
      getUrl: () => this.connection.request<string>({ type: 'preview-get-url' }),
      setUrl: async (path: string) => {
        if (typeof path !== 'string') throw new CoveSdkError('invalid', 'setUrl needs a path string.');
        await this.connection.request({ type: 'preview-set-url', path });
      },
    };
  }

  /** Every text file of the project, by path (binary files are left out). */
  getFiles(): Promise<Record<string, string>> {
    return this.connection.request<Record<string, string>>({ type: 'get-files' });
  }

  /** Create or overwrite the files in `create` and delete the paths in `destroy`, as one change. */
  async applyFsDiff(diff: SdkFsDiff): Promise<void> {
    const ok =
      diff &&
      typeof diff.create === 'object' &&
      diff.create !== null &&
      Object.values(diff.create).every((v) => typeof v === 'string') &&
      Array.isArray(diff.destroy) &&
      diff.destroy.every((p) => typeof p === 'string');
    if (!ok)
      throw new CoveSdkError('invalid', 'applyFsDiff needs { create: Record<string, string>, destroy: string[] }.');
    await this.connection.request({ type: 'apply-fs-diff', diff: { create: diff.create, destroy: diff.destroy } });
  }

  /** Show this file in the editor (fails with `not-found` if the project has no such file). */
  async openFile(path: string): Promise<void> {
    if (typeof path !== 'string') throw new CoveSdkError('invalid', 'openFile needs a path string.');
    await this.connection.request({ type: 'open-file', path });
  }

  /** Subscribe to an event; returns the function that unsubscribes. */
  on<K extends SdkEventName>(event: K, callback: (data: SdkEventMap[K]) => void): () => void {
    const off = this.connection.on(event, callback);
    const ready = this.readyData;
    if (event !== 'ready' || !ready) return off;
    // The project is already loaded (embedProject resolves once it is): tell the newcomer too.
    let subscribed = true;
    queueMicrotask(() => subscribed && !this.connection.isClosed && callback(ready as SdkEventMap[K]));
    return () => {
      subscribed = false;
      off();
    };
  }

  /** Close the connection and remove the iframe; pending and later calls reject with `destroyed`. */
  destroy(): void {
    if (this.connection.isClosed) return;
    this.connection.close();
    this.onDestroy();
  }
}
