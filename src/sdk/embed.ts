/**
 * `embedProject`: put an `/embed` iframe where the host page says, hand it a MessagePort in one
 * checked handshake, load the project over it, and resolve with a VM once the project is open.
 *
 * Trust model: the SDK talks only to a frame it created itself (`event.source`) whose page is on
 * the app's origin (`event.origin`), and posts the port targeted at that origin, so a page that
 * navigated the frame elsewhere never receives it. See src/shared/sdk-protocol.ts for the embed side.
 */
import type { EmbedOptions } from '../shared/embed-options';
import { embedOptionsQuery } from '../shared/embed-options';
import type { SdkProject } from '../shared/sdk-protocol';
import { isSdkHello, SDK_PROTOCOL_VERSION } from '../shared/sdk-protocol';
import { Connection, DEFAULT_REQUEST_TIMEOUT_MS } from './connection';
import { CoveSdkError } from './errors';
import { VM } from './vm';

export interface EmbedProjectOptions extends EmbedOptions {
  /** Where Cove runs (default: the origin this SDK was loaded from). */
  appUrl?: string;
  /** iframe height: a number of pixels or a CSS length (default 400). */
  height?: number | string;
  /** iframe width (default 100%). */
  width?: number | string;
  /** Per-request timeout in ms (default 10 s). Loading the project also waits for a click or a scroll when `load` asks for one. */
  timeout?: number;
}

/** How long the embed page has to say hello after the iframe is created. */
const HELLO_TIMEOUT_MS = 30_000;

function defaultAppUrl(): string {
  try {
    return new URL('.', import.meta.url).href;
  } catch {
    return location.href;
  }
}

function cssLength(v: number | string | undefined, fallback: string): string {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return `${Math.round(v)}px`;
  if (typeof v === 'string' && /^\d+(\.\d+)?(px|%|em|rem|vh|vw)$/.test(v.trim())) return v.trim();
  return fallback;
}

function checkProject(project: SdkProject): SdkProject {
  if (!project || typeof project !== 'object' || !project.files || typeof project.files !== 'object')
    throw new CoveSdkError('invalid', 'embedProject needs a project { files: Record<string, string> }.');
  for (const [path, text] of Object.entries(project.files))
    if (typeof text !== 'string') throw new CoveSdkError('invalid', `File "${path}" is not a string.`);
  const out: SdkProject = { files: { ...project.files } };
  if (typeof project.open === 'string') out.open = project.open;
  if (typeof project.title === 'string') out.title = project.title;
  return out;
}

/** Replaces `elementOrId` (an element, or the id of one) with the embedded project. */
export async function embedProject(
  elementOrId: string | HTMLElement,
  project: SdkProject,
  options: EmbedProjectOptions = {},
): Promise<VM> {
  const target = typeof elementOrId === 'string' ? document.getElementById(elementOrId) : elementOrId;
  if (!target || !target.parentNode)
    throw new CoveSdkError('not-found', `No element "${String(elementOrId)}" to embed into.`);
  const checked = checkProject(project);
  let app: URL;
  try {
    app = new URL(options.appUrl ?? defaultAppUrl(), location.href);
  } catch {
    throw new CoveSdkError('invalid', `appUrl "${options.appUrl}" is not a URL.`);
  }
  const src = new URL('/embed', app);
  src.search = embedOptionsQuery(options);

  const iframe = document.createElement('iframe');
  iframe.src = src.href;
  iframe.title = checked.title ?? 'Cove project';
  iframe.style.border = '0';
  iframe.style.display = 'block';
  iframe.style.width = cssLength(options.width, '100%');
  iframe.style.height = cssLength(options.height, '400px');
  if (target.id) iframe.id = target.id;
  iframe.setAttribute('allow', 'clipboard-write');
  target.replaceWith(iframe);

  const timeout = options.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const port = await handshake(iframe, app.origin);
  const connection = new Connection(port, timeout);
  const vm = new VM(connection, () => iframe.remove());
  // Click-to-load and lazy embeds wait for the person: only the hello and later requests have a timeout.
  const waitsForPerson = options.load === 'click' || options.load === 'lazy';
  try {
    await connection.request({ type: 'load', project: checked }, waitsForPerson ? 0 : Math.max(timeout, 60_000));
  } catch (err) {
    vm.destroy();
    throw err;
  }
  return vm;
}

function handshake(iframe: HTMLIFrameElement, appOrigin: string): Promise<MessagePort> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      removeEventListener('message', onMessage);
      reject(new CoveSdkError('timeout', `The embed at ${appOrigin} did not answer within ${HELLO_TIMEOUT_MS} ms.`));
    }, HELLO_TIMEOUT_MS);
    function onMessage(event: MessageEvent) {
      if (event.source !== iframe.contentWindow || event.origin !== appOrigin || !isSdkHello(event.data)) return;
      removeEventListener('message', onMessage);
      clearTimeout(timer);
      const channel = new MessageChannel();
      iframe.contentWindow!.postMessage({ cove: 'sdk-connect', version: SDK_PROTOCOL_VERSION }, appOrigin, [
        channel.port2,
      ]);
      resolve(channel.port1);
    }
    addEventListener('message', onMessage);
  });
}
