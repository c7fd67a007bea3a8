/** What the editor area shows with no file open. */
import { CoveLogo } from './icons';
import './editor-pane.css';

export function EditorEmpty() {
  return (
    <div class="editor-empty">
      <CoveLogo size={48} />
      <p>Select a file in the tree to edit it.</p>
      <p class="editor-empty-keys">
        <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>S</kbd> saves now · changes are saved automatically
      </p>
    </div>
  );
}
