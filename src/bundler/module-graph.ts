/**
 * What a project's preview has loaded, so a doc change can tell the preview to update only
 * when it matters (and whether swapping CSS is enough). Also remembers which modules each
 * page loaded, for `modulepreload` hints the next time the page is served.
 */
import { isWithin } from '../shared/paths';
import type { ChangeBatch } from '../fs/types';
import type { ServeAs } from './request-router';
import { isEnvPath } from './env';
import { isTsconfigPath } from './tsconfig';

const MAX_PRELOADS = 400;
const CSS_SWAPPABLE: ReadonlySet<ServeAs> = new Set(['css-js', 'css-text']);

export interface Invalidation {
  paths: string[];
  cssOnly: boolean;
}

export class ModuleGraph {
  /** Project path -> how it was last served. */
  private readonly loaded = new Map<string, ServeAs>();
  /** Paths that failed resolutions looked for, and the importers waiting on each. */
  private readonly waiting = new Map<string, Set<string>>();
  private readonly preloads = new Map<string, string[]>();
  private currentPage: string | undefined;
  private pageModules: string[] = [];

  /** A page navigation: a new document starts loading, tracking starts over. */
  navigated(htmlPath: string): void {
    this.loaded.clear();
    this.waiting.clear();
    this.currentPage = htmlPath;
    this.pageModules = [];
    this.loaded.set(htmlPath, 'html');
  }

  loadedFile(path: string, as: ServeAs): void {
    this.loaded.set(path, as);
  }

  /** A module URL the current page imported (recorded in request order for preloads). */
  loadedModule(url: string): void {
    if (this.currentPage === undefined || this.pageModules.length >= MAX_PRELOADS) return;
    if (this.pageModules.includes(url)) return;
    this.pageModules.push(url);
    this.preloads.set(this.currentPage, this.pageModules);
  }

  preloadsFor(htmlPath: string): readonly string[] {
    return this.preloads.get(htmlPath) ?? [];
  }

  /** Preloads remembered from an earlier visit; what this visit has seen already wins. */
  restorePreloads(stored: Record<string, string[]>): void {
    for (const [page, urls] of Object.entries(stored)) if (!this.preloads.has(page)) this.preloads.set(page, urls);
  }

  allPreloads(): Record<string, string[]> {
    return Object.fromEntries(this.preloads);
  }

  /** `importer` could not resolve an import that would be found at `tried` (or a file under it). */
  waitFor(tried: string, importer: string): void {
    let set = this.waiting.get(tried);
    if (!set) this.waiting.set(tried, (set = new Set()));
    set.add(importer);
  }

  /** Importers whose failed imports a newly created path may satisfy. */
  waitersFor(created: string): string[] {
    const out: string[] = [];
    for (const [tried, importers] of this.waiting) {
      if (created === tried || created.startsWith(tried + '.') || created.startsWith(tried + '/'))
        out.push(...importers);
    }
    return out;
  }

  private anyChange(batch: ChangeBatch): Invalidation | undefined {
    const paths = batch.events
      .flatMap((e) => (e.type === 'rename' ? [e.from, e.to] : [e.path]))
      .filter((p) => !/(^|\/)(README[^/]*|\.gitignore|package-lock\.json)$/i.test(p));
    if (!paths.length) return undefined;
    const cssOnly = batch.events.every(
      (e) => e.type === 'update' && /\.css$/i.test(e.path) && !/\.module\.css$/i.test(e.path),
    );
    return { paths, cssOnly };
  }

  isLoaded(path: string): boolean {
    return this.loaded.has(path);
  }

  /** What a batch of changes means for the preview; undefined if it did not load anything touched. */
  affected(batch: ChangeBatch): Invalidation | undefined {
    // Two IDE tabs on one project share the preview origin's service worker, which asks only one
    // tab's bundler for files; the other bundler has served nothing and cannot know what its
    // preview loaded, so any change to a project file must update that preview.
    if (this.loaded.size === 0) return this.anyChange(batch);
    const paths = new Set<string>();
    let cssOnly = true;
    const touch = (path: string, contentOnly: boolean) => {
      for (const [p, as] of this.loaded) {
        if (!isWithin(p, path)) continue;
        paths.add(p);
        if (!contentOnly || !CSS_SWAPPABLE.has(as)) cssOnly = false;
      }
    };
    const configChanged = (path: string) => {
      if (!isTsconfigPath(path) && !isEnvPath(path)) return;
      for (const [p, as] of this.loaded) if (as === 'script') paths.add(p);
      cssOnly = false;
    };
    const created = (path: string) => {
      for (const importer of this.waitersFor(path)) {
        paths.add(importer);
        cssOnly = false;
      }
    };
    for (const e of batch.events) {
      switch (e.type) {
        case 'update':
          touch(e.path, true);
          configChanged(e.path);
          break;
        case 'create':
          touch(e.path, false);
          created(e.path);
          configChanged(e.path);
          break;
        case 'delete':
        case 'folder-delete':
          touch(e.path, false);
          configChanged(e.path);
          break;
        case 'rename':
          touch(e.from, false);
          touch(e.to, false);
          created(e.to);
          configChanged(e.from);
          configChanged(e.to);
          break;
        case 'folder-create':
          break;
      }
    }
    return paths.size ? { paths: [...paths], cssOnly } : undefined;
  }
}
