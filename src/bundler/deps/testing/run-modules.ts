/**
 * Runs served `/@npm/` modules for real in the test realm: each module's `/@npm/` imports are
 * rewritten to `data:` URLs of the served code, one URL per module, so the realm's module map
 * holds each package once (as the browser's would).
 */
import { init, parse } from 'es-module-lexer';

export type Fetch = (url: string) => Promise<{ status: number; body: string | Uint8Array }>;

export class ModuleRunner {
  private readonly dataUrls = new Map<string, Promise<string>>();
  /** Every `/@npm/` URL fetched, in order. */
  readonly fetched: string[] = [];

  constructor(private readonly fetch: Fetch) {}

  /** Evaluate `code` (which may import `/@npm/` URLs) and return its namespace. */
  async run(code: string): Promise<Record<string, unknown>> {
    return (await import(/* @vite-ignore */ toDataUrl(await this.rewrite(code)))) as Record<string, unknown>;
  }

  /** The `data:` URL a `/@npm/` URL is evaluated from. */
  dataUrl(url: string): Promise<string> {
    let pending = this.dataUrls.get(url);
    if (!pending) {
      pending = (async () => {
        this.fetched.push(url);
        const res = await this.fetch(url);
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${String(res.body)}`);
        return toDataUrl(await this.rewrite(String(res.body)));
      })();
      this.dataUrls.set(url, pending);
    }
    return pending;
  }

  private async rewrite(code: string): Promise<string> {
    await init();
    const [imports] = parse(code);
    let out = '';
    let last = 0;
    for (const imp of imports) {
      const spec = 'specifier' in imp ? imp.specifier : undefined;
      if (!spec?.startsWith('/@npm/')) continue;
      // Dynamic imports span the quotes; static ones the specifier only.
      const url = await this.dataUrl(spec);
      out += code.slice(last, imp.start) + (imp.type === 'dynamic' ? JSON.stringify(url) : url);
      last = imp.end;
    }
    return out + code.slice(last);
  }
}

function toDataUrl(code: string): string {
  const bytes = new TextEncoder().encode(code);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:text/javascript;base64,${btoa(binary)}`;
}

/** A minimal `document` for the CSS injector: `<style>` elements in `head`. */
export class FakeDocument {
  readonly head = { children: [] as FakeElement[], appendChild: (el: FakeElement) => this.head.children.push(el) };

  createElement(tag: string): FakeElement {
    return new FakeElement(tag);
  }

  querySelectorAll(selector: string): FakeElement[] {
    const attr = /^style\[([\w-]+)\]$/.exec(selector)?.[1];
    if (!attr) throw new Error(`FakeDocument cannot select ${selector}`);
    return this.head.children.filter((el) => el.tag === 'style' && el.getAttribute(attr) !== null);
  }
}

export class FakeElement {
  textContent = '';
  private readonly attrs = new Map<string, string>();

  constructor(readonly tag: string) {}

  setAttribute(name: string, value: string): void {
    this.attrs.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
}
