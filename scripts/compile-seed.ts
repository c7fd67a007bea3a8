/**
 * Build-time half of the compile seed (see src/bundler/compile-seed.ts): compiles every
 * template in `templates/` with the bundler's own ProjectServer over esbuild-wasm's Node build.
 * The Vite plugin (compile-seed-plugin.mjs) bundles this file and emits its result.
 */
import * as esbuild from 'esbuild-wasm';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildCompileSeed } from '../src/bundler/compile-seed-builder';
import { SEED_FORMAT, type CompileSeedFile } from '../src/bundler/compile-seed';
import type { CompileOutput } from '../src/bundler/compile-cache';
import { normalizeNewlines } from '../src/fs/project-doc';

/** A template's files as the IDE creates a project from them: UTF-8 text (LF) or bytes. */
export function readTemplate(dir: string): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const walk = (folder: string) => {
    for (const ent of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== 'node_modules') walk(full);
        continue;
      }
      const bytes = readFileSync(full);
      const path = relative(dir, full).split(sep).join('/');
      try {
        files[path] = normalizeNewlines(utf8.decode(bytes));
      } catch {
        files[path] = new Uint8Array(bytes);
      }
    }
  };
  walk(dir);
  return files;
}

let esbuildReady: Promise<typeof esbuild> | undefined;

/** The seed file for every template under `templatesDir`. */
export async function buildTemplatesSeed(templatesDir: string): Promise<CompileSeedFile> {
  esbuildReady ??= esbuild.initialize({}).then(() => esbuild);
  const api = await esbuildReady;
  const entries: Record<string, CompileOutput> = {};
  for (const ent of readdirSync(templatesDir, { withFileTypes: true })) {
    if (ent.isDirectory())
      Object.assign(entries, await buildCompileSeed(readTemplate(join(templatesDir, ent.name)), api));
  }
  return { format: SEED_FORMAT, entries };
}
