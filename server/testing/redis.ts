// A throwaway redis-server for tests and benchmarks: loopback only, nothing
// written to disk, on a free port so it never meets a real Redis.
import { spawn } from 'node:child_process';
import { freePort } from './free-port';

export interface TestRedis {
  /** e.g. `redis://127.0.0.1:40123` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `redis-server` from PATH (override with COVE_TEST_REDIS_SERVER) and waits until it accepts connections. */
export async function startRedis(options: { port?: number; timeoutMs?: number } = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort());
  const binary = process.env.COVE_TEST_REDIS_SERVER || 'redis-server';
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start in time:\n${output}`)),
      options.timeoutMs ?? 10_000,
    );
    const settle = (err?: Error) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      if (!err) return resolve();
      child.kill('SIGKILL');
      reject(err);
    };
    const fail = (err: Error) => settle(err);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) settle();
    };
    const onError = (err: Error) => fail(new Error(`Cannot run ${binary}: ${err.message} (install redis-server)`));
    const onExit = (code: number | null) => fail(new Error(`redis-server exited with ${code}:\n${output}`));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
