/** Binary files are not edited: show their size and, for images, a preview. */
import { useEffect, useState } from 'preact/hooks';
import type { Workspace } from '../../fs/workspace';
import { contentTypeFor } from '../../shared/mime';
import { basename, extname } from '../../shared/paths';
import { isImagePath } from '../editor/language';
import './binary-view.css';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function BinaryView({ workspace, path }: { workspace: Workspace; path: string }) {
  const [url, setUrl] = useState<string | undefined>();
  const [dims, setDims] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const size = workspace.statSize(path);
  const image = isImagePath(path);
  // Bumped when the file changes, e.g. its bytes arrive from a live room after it was opened.
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      workspace.onChange((batch) => {
        if (batch.events.some((e) => e.type === 'update' && e.path === path)) setVersion((v) => v + 1);
      }),
    [workspace, path],
  );

  useEffect(() => {
    let objectUrl: string | undefined;
    let cancelled = false;
    setUrl(undefined);
    setDims(undefined);
    setError(undefined);
    if (image) {
      workspace.readBinary(path).then(
        (bytes) => {
          if (cancelled) return;
          if (!bytes) {
            setError('The file content is not available in this browser’s storage.');
            return;
          }
          objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type: contentTypeFor(extname(path)) }));
          setUrl(objectUrl);
        },
        (err: unknown) => !cancelled && setError(String(err)),
      );
    }
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [workspace, path, image, version]);

  return (
    <div class="binary-view">
      <div class="binary-view-info">
        <strong>{basename(path)}</strong>
        <span>
          Binary file{size !== undefined ? ` · ${formatBytes(size)}` : ''}
          {dims ? ` · ${dims}` : ''} · {contentTypeFor(extname(path))}
        </span>
        <span class="binary-view-note">Binary files are shown read-only.</span>
      </div>
      {error && (
        <p class="binary-view-error" role="alert">
          {error}
        </p>
      )}
      {url && (
        <div class="binary-view-image">
          <img
            src={url}
            alt={`Preview of ${basename(path)}`}
            onLoad={(e) => {
              const img = e.currentTarget as HTMLImageElement;
              setDims(`${img.naturalWidth} × ${img.naturalHeight}`);
            }}
          />
        </div>
      )}
    </div>
  );
}
