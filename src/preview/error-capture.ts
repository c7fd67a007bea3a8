/** Forwards uncaught errors, unhandled rejections and failed resource loads to the IDE. */
import type { FromPreview } from '../shared/protocol';
import { serialize } from './serialize';
import { locationFromStack, projectFile } from './source-location';

type ErrorMsg = Extract<FromPreview, { type: 'error' }>;

export function captureErrors(win: Window, send: (msg: FromPreview) => void): void {
  const origin = win.location.origin;

  win.addEventListener(
    'error',
    (event: Event) => {
      if (event instanceof ErrorEvent) {
        const stack = stackOf(event.error);
        const msg: ErrorMsg = { cove: 1, type: 'error', message: event.message || describe(event.error) };
        if (stack) msg.stack = stack;
        const where = event.filename
          ? {
              file: projectFile(event.filename, origin),
              line: event.lineno || undefined,
              column: event.colno || undefined,
            }
          : locationFromStack(stack, origin);
        send(withLocation(msg, where));
        return;
      }
      // A <script>, <link> or <img> that failed to load (these errors do not bubble: we listen in capture).
      const el = event.target as (Element & { src?: string; href?: string }) | null;
      const url = el?.src || el?.href;
      if (!el || !url || typeof url !== 'string') return;
      send({
        cove: 1,
        type: 'error',
        message: `Failed to load ${el.nodeName.toLowerCase()} ${projectFile(url, origin)}`,
        file: projectFile(url, origin),
      });
    },
    true,
  );

  win.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const stack = stackOf(event.reason);
    const msg: ErrorMsg = { cove: 1, type: 'error', message: `Uncaught (in promise) ${describe(event.reason)}` };
    if (stack) msg.stack = stack;
    send(withLocation(msg, locationFromStack(stack, origin)));
  });
}

function withLocation(msg: ErrorMsg, where: { file: string; line?: number; column?: number } | undefined): ErrorMsg {
  if (!where) return msg;
  msg.file = where.file;
  if (where.line !== undefined) msg.line = where.line;
  if (where.column !== undefined) msg.column = where.column;
  return msg;
}

function stackOf(err: unknown): string | undefined {
  try {
    const stack = (err as { stack?: unknown } | null)?.stack;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  return serialize(value, { maxDepth: 0 }).s;
}
