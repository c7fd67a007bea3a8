/** esbuild-wasm's Node build, initialised once per test realm. */
import * as esbuild from 'esbuild-wasm';
import type { EsbuildApi } from '../loaders/types';

let ready: Promise<EsbuildApi> | undefined;

export function nodeEsbuild(): Promise<EsbuildApi> {
  ready ??= esbuild.initialize({}).then(() => esbuild);
  return ready;
}
