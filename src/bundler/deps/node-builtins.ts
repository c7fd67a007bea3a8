/** Node's built-in modules: packages written for Node import them; browsers have none of them. */
const BUILTINS = new Set(
  (
    'assert async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns ' +
    'domain events fs http http2 https inspector module net os path perf_hooks process punycode querystring ' +
    'readline repl stream string_decoder sys timers tls trace_events tty url util v8 vm wasi worker_threads zlib'
  ).split(' '),
);

/** `fs`, `fs/promises`, `node:path` -> the module name; undefined if not a Node built-in. */
export function nodeBuiltin(spec: string): string | undefined {
  const bare = spec.startsWith('node:') ? spec.slice('node:'.length) : spec;
  const name = bare.split('/')[0];
  return BUILTINS.has(name) || (spec.startsWith('node:') && name) ? bare : undefined;
}
