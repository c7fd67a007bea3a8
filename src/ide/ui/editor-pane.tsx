/** The Monaco editor for the active tab (binary files get an info view instead). */
import { useSignalEffect } from '@preact/signals';
import * as monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'preact/hooks';
import { activeFile, cursor, fileList, theme } from '../app-state';
import { closeFile, cycleTabs, revealRequest, saveNow } from '../file-actions';
import { applyMonacoTheme } from '../editor/monaco-setup';
import type { EditorSession } from '../editor/editor-session';
import type { ProjectSession } from '../project-session';
import { BinaryView } from './binary-view';
import { EditorEmpty } from './editor-empty';
import './editor-pane.css';

export function EditorPane({ session, editor: editorSession }: { session: ProjectSession; editor: EditorSession }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>();
  const [large, setLarge] = useState(false);
  const active = activeFile.value;
  void fileList.value; // re-render when files change kind or appear
  const kind = active ? session.workspace.kindOf(active) : undefined;

  useEffect(() => {
    const editor = monaco.editor.create(hostRef.current!, {
      model: null,
      automaticLayout: true,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: 13,
      lineHeight: 20,
      tabSize: 2,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'line',
      smoothScrolling: true,
      padding: { top: 8 },
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
      // Typographic characters (×, ’) in UI strings are intended, not suspicious.
      unicodeHighlight: { ambiguousCharacters: false },
      // The classic hidden textarea, not the experimental EditContext: proven with IMEs, screen readers and test drivers.
      editContext: false,
    });
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void saveNow());
    // Alt+W / Alt+PageUp/Down: browsers reserve Ctrl+W and Ctrl+Tab.
    editor.addCommand(
      monaco.KeyMod.Alt | monaco.KeyCode.KeyW,
      () => activeFile.peek() && closeFile(activeFile.peek()!),
    );
    editor.addCommand(monaco.KeyMod.Alt | monaco.KeyCode.PageDown, () => cycleTabs(1));
    editor.addCommand(monaco.KeyMod.Alt | monaco.KeyCode.PageUp, () => cycleTabs(-1));
    const pos = editor.onDidChangeCursorPosition((e) => {
      cursor.value = { line: e.position.lineNumber, column: e.position.column };
    });
    return () => {
      pos.dispose();
      editorSession.models.detach();
      editor.dispose();
      editorRef.current = undefined;
      cursor.value = undefined;
    };
  }, [session, editorSession]);

  useSignalEffect(() => applyMonacoTheme(theme.value));

  // Bind the editor to the active text file; unbind for anything else.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (!active || kind !== 'text') {
      editorSession.models.detach();
      editor.setModel(null);
      cursor.value = undefined;
      setLarge(false);
      return;
    }
    if (editorSession.models.boundPath() === active && editor.getModel()) return;
    const attached = editorSession.models.attach(editor, active);
    setLarge(!!attached?.large);
    editor.updateOptions({ readOnly: attached?.readOnly ?? true });
    const p = editor.getPosition();
    cursor.value = p ? { line: p.lineNumber, column: p.column } : undefined;
    // A location asked for before this file's model was attached (Problems opened another file).
    if (applyReveal(editor)) return;
    // Keep typing flow: focus moves to the editor when a file is opened from the tree or tabs.
    if (!document.activeElement?.closest('.file-tree-body, input, [role="dialog"]')) editor.focus();
  }, [session, editorSession, active, kind]);

  // Jump to a location requested by the Problems list, once the editor shows that file.
  const revealed = useRef(0);
  const applyReveal = (editor: monaco.editor.IStandaloneCodeEditor): boolean => {
    const req = revealRequest.peek();
    if (!req || req.seq === revealed.current || editorSession.models.boundPath() !== req.path) return false;
    revealed.current = req.seq;
    editor.setPosition({ lineNumber: req.line, column: req.column });
    editor.revealPositionInCenter({ lineNumber: req.line, column: req.column });
    editor.focus();
    return true;
  };
  useSignalEffect(() => {
    void revealRequest.value;
    const editor = editorRef.current;
    if (editor) queueMicrotask(() => applyReveal(editor));
  });

  const showEditor = !!active && kind === 'text';
  return (
    <div class="editor-pane">
      {showEditor && large && (
        <div class="editor-notice" role="status">
          This file is larger than 2 MB, so it is opened read-only to keep the editor responsive.
        </div>
      )}
      <div ref={hostRef} class="editor-host" hidden={!showEditor} data-testid="editor" />
      {active && kind === 'binary' && <BinaryView workspace={session.workspace} path={active} />}
      {!active && <EditorEmpty />}
    </div>
  );
}
