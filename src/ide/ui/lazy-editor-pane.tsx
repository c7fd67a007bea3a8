/**
 * The editor area before and after Monaco arrives: Monaco is a separate chunk
 * loaded after the preview starts (or at once when a file is opened).
 */
import { activeFile } from '../app-state';
import { editorModule } from '../editor-loader';
import type { ProjectSession } from '../project-session';
import { EditorEmpty } from './editor-empty';
import './editor-pane.css';

export function LazyEditorPane({ session }: { session: ProjectSession }) {
  const mod = editorModule.value;
  const editor = session.editor.value;
  const active = activeFile.value;
  if (mod && editor) return <mod.EditorPane session={session} editor={editor} />;
  return (
    <div class="editor-pane">
      {active ? (
        <div class="editor-empty" role="status">
          <p>Loading the editor…</p>
        </div>
      ) : (
        <EditorEmpty />
      )}
    </div>
  );
}
