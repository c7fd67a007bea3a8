/**
 * `import.meta.env` as Vite defines it in development, plus `VITE_*` variables from the
 * project's `.env` files (same precedence as Vite: later files win).
 */
import type { ProjectFiles } from '../fs/types';

export const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local'];

export type ViteEnv = Record<string, string | boolean>;

export function viteEnv(files: ProjectFiles): ViteEnv {
  const env: ViteEnv = {};
  for (const file of ENV_FILES) {
    const text = files.readText(file);
    if (text !== undefined) Object.assign(env, parseDotenv(text));
  }
  for (const key of Object.keys(env)) if (!key.startsWith('VITE_')) delete env[key];
  return { ...env, BASE_URL: '/', MODE: 'development', DEV: true, PROD: false, SSR: false };
}

/** `KEY=value` lines; `#` comments; optional `export`; single, double or no quotes. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]] = value;
  }
  return out;
}

export function isEnvPath(path: string): boolean {
  return ENV_FILES.includes(path);
}
