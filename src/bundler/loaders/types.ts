/** What loaders need from esbuild; passed in so Node tests can use esbuild-wasm's Node build. */
import type * as esbuild from 'esbuild-wasm';

export type EsbuildApi = Pick<typeof esbuild, 'transform' | 'build'>;
