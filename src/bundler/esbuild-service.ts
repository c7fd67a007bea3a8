/**
 * Owns the esbuild-wasm instance of this realm: initialises it once, warms it up with a first
 * transform (both timed), and counts jobs in flight so the IDE can show starting/ready/busy.
 */
import type { BundlerState, BundlerTimings } from '../shared/protocol';
import type { EsbuildApi } from './loaders/types';

export interface EsbuildModule extends EsbuildApi {
  initialize(options: { wasmURL?: string | URL; worker?: boolean }): Promise<void>;
}

export interface EsbuildStatus {
  state: BundlerState;
  detail?: string;
  pending: number;
  timings?: BundlerTimings;
}

const WARM_UP = 'const App = (p: { n: number }) => <b>{p.n}</b>; export default App;';

export class EsbuildService {
  readonly ready: Promise<EsbuildApi>;
  private status: EsbuildStatus = { state: 'starting', pending: 0 };

  constructor(
    esbuild: EsbuildModule,
    options: { wasmURL?: string; now?: () => number },
    private readonly onStatus: (status: EsbuildStatus) => void,
  ) {
    const now = options.now ?? (() => performance.now());
    const api: EsbuildApi = {
      transform: ((input: string, opts: object) =>
        this.track(() => esbuild.transform(input, opts))) as EsbuildApi['transform'],
      build: ((opts: object) => this.track(() => esbuild.build(opts as never))) as EsbuildApi['build'],
    };
    this.ready = (async () => {
      try {
        const t0 = now();
        // `worker: true`: esbuild runs in a worker of its own, so compiling and warming up the wasm never
        // blocks this thread, which meanwhile serves HTML, assets and cached modules to the preview.
        await esbuild.initialize(options.wasmURL ? { wasmURL: options.wasmURL, worker: true } : {});
        const t1 = now();
        // The first job pays for the JIT; do it now rather than on the first request.
        await esbuild.transform(WARM_UP, { loader: 'tsx', format: 'esm' });
        const timings = { initializeMs: round(t1 - t0), firstTransformMs: round(now() - t1) };
        this.set({ state: this.status.pending ? 'busy' : 'ready', timings });
        return api;
      } catch (error) {
        const detail = `esbuild failed to start: ${error instanceof Error ? error.message : String(error)}`;
        this.set({ state: 'failed', detail });
        throw new Error(detail);
      }
    })();
    // Requests report the failure themselves; don't leave an unhandled rejection behind.
    this.ready.catch(() => {});
  }

  get current(): EsbuildStatus {
    return this.status;
  }

  private async track<T>(job: () => Promise<T>): Promise<T> {
    this.set({ pending: this.status.pending + 1, state: this.status.state === 'ready' ? 'busy' : this.status.state });
    try {
      return await job();
    } finally {
      const pending = this.status.pending - 1;
      this.set({ pending, state: pending === 0 && this.status.state === 'busy' ? 'ready' : this.status.state });
    }
  }

  private set(patch: Partial<EsbuildStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onStatus(this.status);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
