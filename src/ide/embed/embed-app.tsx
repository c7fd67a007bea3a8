/**
 * The `/embed` page: a chrome-light IDE for iframes. A slim bar (title, read-only badge, "Open in
 * Cove"), then the file tree (`explorer=1`), the editor and/or the preview (`view`), and the
 * console under the preview (`console=1`). Before the project loads: a poster (`load=click|lazy`).
 */
import { useSignalEffect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EmbedOptions } from '../../shared/embed-options';
import { activeFile, problemCounts, projectTitle, readOnly, theme } from '../app-state';
import { openFile } from '../file-actions';
import { session } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { snapshotLink } from '../share-snapshot';
import { ConsolePanel } from '../ui/console-panel';
import { EditorTabs } from '../ui/editor-tabs';
import { FileTree } from '../ui/file-tree';
import { LazyEditorPane } from '../ui/lazy-editor-pane';
import { Notices } from '../ui/notices';
import { PreviewPane } from '../ui/preview-pane';
import { embedPhase, embedTitle, loadFromSdk, openGate, startEmbed } from './embed-controller';
import { startSdkHost } from './sdk-host';
import '../ui/app.css';
import './embed.css';

/** How long after the last change the "Open in Cove" link is rebuilt. */
const LINK_DEBOUNCE_MS = 300;

export function EmbedApp({ options, payload }: { options: EmbedOptions; payload?: string }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (options.theme) theme.value = options.theme;
    startEmbed(options, payload);
    const stopSdk = startSdkHost(window, {
      load: (project) => loadFromSdk(project),
      openFile,
      errorCount: () => problemCounts.peek().errors,
    });
    return stopSdk;
    // Options and payload are fixed for the life of the page.
  }, []);

  // `load=lazy`: the gate opens once the embed is scrolled into view.
  useEffect(() => {
    if (options.load !== 'lazy' || !root.current) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        openGate();
      }
    });
    io.observe(root.current);
    return () => io.disconnect();
  }, [options.load]);

  useSignalEffect(() => {
    document.title = projectTitle.value ? `${projectTitle.value} · Cove` : 'Cove';
  });

  const phase = embedPhase.value;
  const s = session.value;
  return (
    <div ref={root} class="embed" data-view={options.view ?? 'split'}>
      {phase.state === 'open' && s ? (
        <EmbedWorkspace session={s} options={options} />
      ) : (
        <EmbedPoster options={options} />
      )}
      <Notices />
    </div>
  );
}

function EmbedPoster({ options }: { options: EmbedOptions }) {
  const phase = embedPhase.value;
  const title = embedTitle.value ?? 'Cove project';
  return (
    <main class="embed-poster" aria-label="Project poster">
      <h1 class="embed-poster-title">{title}</h1>
      {phase.state === 'poster' &&
        (options.load === 'lazy' ? (
          <p>The project loads when it scrolls into view.</p>
        ) : (
          <button type="button" class="cove-btn primary embed-run" onClick={openGate}>
            ▶ Run project
          </button>
        ))}
      {phase.state === 'waiting' && (
        <p role="status">
          {window.parent === window
            ? 'This embed has no project: open it with a #share= link.'
            : 'Waiting for the project…'}
        </p>
      )}
      {phase.state === 'loading' && (
        <p role="status">
          <span class="app-spinner" aria-hidden="true" /> Opening project…
        </p>
      )}
      {phase.state === 'error' && (
        <div role="alert">
          <h2>{phase.title}</h2>
          <p>{phase.message}</p>
        </div>
      )}
    </main>
  );
}

function EmbedWorkspace({ session, options }: { session: ProjectSession; options: EmbedOptions }) {
  const view = options.view ?? 'split';
  return (
    <div class="embed-workspace">
      <header class="embed-bar">
        <span class="embed-title">{projectTitle.value}</span>
        {readOnly.value && (
          <span class="embed-badge" title="Edits are turned off in this embed">
            Read-only
          </span>
        )}
        <OpenInCove session={session} />
      </header>
      <div class="embed-main">
        {options.explorer && (
          <aside class="embed-explorer" aria-label="Files">
            <FileTree packageFiles={session.npm.nodeModulesFiles} />
          </aside>
        )}
        {view !== 'preview' && (
          <div class="embed-editor">
            <EditorTabs />
            <LazyEditorPane session={session} />
          </div>
        )}
        {view !== 'editor' && (
          <section class="embed-preview" aria-label="Preview">
            <div class="embed-preview-frame">
              <PreviewPane host={session.preview} />
            </div>
            {options.console && (
              <div class="embed-console" aria-label="Console">
                <ConsolePanel
                  host={session.preview}
                  mapStack={(stack) => session.bundler.mapStack(session.id, stack)}
                />
              </div>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

/** A `#share=` link of the project as it is now, to `/` of this app: opens it as a new project in the full IDE. */
function OpenInCove({ session }: { session: ProjectSession }) {
  const [href, setHref] = useState<string>();
  // Text edits do not change the file list: rebuild on every change of the files.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rebuild = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        snapshotLink(`${location.origin}/`, session.workspace, {
          open: activeFile.peek(),
          title: projectTitle.peek(),
        }).then(setHref, () => setHref(undefined));
      }, LINK_DEBOUNCE_MS);
    };
    rebuild();
    const off = session.workspace.onChange(rebuild);
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [session]);
  return (
    <a class="embed-open" href={href} target="_blank" rel="noopener" aria-disabled={href ? undefined : 'true'}>
      Open in Cove ↗
    </a>
  );
}
