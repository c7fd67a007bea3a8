/** An in-memory ProjectFiles for unit tests (the real one is src/fs/workspace.ts). */
import { parentFolders } from '../../shared/paths';
import type { ChangeBatch, ChangeEvent, FileInfo, FileKind, ProjectFiles } from '../../fs/types';

export class MemoryFiles implements ProjectFiles {
  private readonly files = new Map<string, string | Uint8Array>();
  private readonly listeners = new Set<(batch: ChangeBatch) => void>();

  constructor(initial: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(initial)) this.files.set(path, content);
  }

  list(): FileInfo[] {
    return [...this.files].map(([path, c]) => ({ id: path, path, kind: typeof c === 'string' ? 'text' : 'binary' }));
  }

  folders(): string[] {
    return [...new Set([...this.files.keys()].flatMap(parentFolders))].sort();
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  kindOf(path: string): FileKind | undefined {
    const c = this.files.get(path);
    return c === undefined ? undefined : typeof c === 'string' ? 'text' : 'binary';
  }

  readText(path: string): string | undefined {
    const c = this.files.get(path);
    return typeof c === 'string' ? c : undefined;
  }

  async readBinary(path: string): Promise<Uint8Array | undefined> {
    const c = this.files.get(path);
    return typeof c === 'string' ? new TextEncoder().encode(c) : c;
  }

  onChange(listener: (batch: ChangeBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(path: string, content: string | Uint8Array): void {
    const existed = this.files.has(path);
    this.files.set(path, content);
    const kind: FileKind = typeof content === 'string' ? 'text' : 'binary';
    this.emit(existed ? { type: 'update', path } : { type: 'create', path, kind });
  }

  delete(path: string): void {
    if (this.files.delete(path)) this.emit({ type: 'delete', path });
  }

  private emit(event: ChangeEvent): void {
    for (const l of this.listeners) l({ events: [event], local: false });
  }
}
