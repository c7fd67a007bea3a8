/** The project workspace: tree | tabs + editor over the bottom panel | preview, with resizable splits. */
import { useState } from 'preact/hooks';
import { bottomOpen } from '../app-state';
import { appStorage } from '../browser-storage';
import { clampSize, loadSizes, saveSizes, SIZE_LIMITS } from '../layout-sizes';
import type { PaneSizes } from '../layout-sizes';
import type { ProjectSession } from '../project-session';
import { BottomPanel } from './bottom-panel';
import { LazyEditorPane } from './lazy-editor-pane';
import { EditorTabs } from './editor-tabs';
import { FileTree } from './file-tree';
import { Header } from './header';
import { PresenceList } from './presence-list';
import { PreviewPane } from './preview-pane';
import { Splitter } from './splitter';
import { StatusBar } from './status-bar';
import './workspace-view.css';

export function WorkspaceView({ session }: { session: ProjectSession }) {
  const [sizes, setSizes] = useState<PaneSizes>(() => loadSizes(appStorage()));
  const set = (pane: keyof PaneSizes) => (v: number) => setSizes((s) => ({ ...s, [pane]: clampSize(pane, v) }));
  const commit = () => setSizes((s) => (saveSizes(appStorage(), s), s));

  return (
    <div class="workspace">
      <Header />
      <div class="workspace-main">
        <aside class="workspace-sidebar" style={{ width: sizes.sidebar }}>
          <PresenceList session={session} />
          <FileTree packageFiles={session.npm.nodeModulesFiles} />
        </aside>
        <Splitter
          label="Resize file tree"
          orientation="vertical"
          side="before"
          value={sizes.sidebar}
          {...SIZE_LIMITS.sidebar}
          onChange={set('sidebar')}
          onCommit={commit}
        />
        <div class="workspace-center">
          <div class="workspace-editor">
            <EditorTabs />
            <LazyEditorPane session={session} />
          </div>
          {bottomOpen.value && (
            <>
              <Splitter
                label="Resize panel"
                orientation="horizontal"
                side="after"
                value={sizes.bottom}
                {...SIZE_LIMITS.bottom}
                onChange={set('bottom')}
                onCommit={commit}
              />
              <div class="workspace-bottom" style={{ height: sizes.bottom }}>
                <BottomPanel session={session} />
              </div>
            </>
          )}
        </div>
        <Splitter
          label="Resize preview"
          orientation="vertical"
          side="after"
          value={sizes.preview}
          {...SIZE_LIMITS.preview}
          onChange={set('preview')}
          onCommit={commit}
        />
        <section class="workspace-preview" style={{ width: sizes.preview }} aria-label="Preview">
          <PreviewPane host={session.preview} />
        </section>
      </div>
      <StatusBar npm={session.npm} session={session} />
    </div>
  );
}
