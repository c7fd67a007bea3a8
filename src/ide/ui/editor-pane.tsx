/**
 * The Monaco editor for the active tab (binary files get an info view instead). Installed package
 * files (`node_modules/...`, not project files) open read-only from the package store.
 */
import { useSignalEffect } from '@preact/signals';
import * as monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'preact/hooks';
import { folderNameOf, splitBareSpecifier } from '../../shared/npm';
import { activeFile, bottomOpen, bottomTab, cursor, fileList, readOnly, readOnlyReason, theme } from '../app-state';
import { closeFile, cycleTabs, revealRequest, saveNow } from '../file-actions';
import { applyMonacoTheme } from '../editor/monaco-setup';
import type { EditorSession } from '../editor/editor-session';
import { isPackagePath } from '../file-tree-model';
import { errorMessage } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { BinaryView } from './binary-view';
import { EditorEmpty } from './editor-empty';
import { LockIcon } from './icons';
import './editor-pane.css';

type PackageView = { path: string; state: 'loading' | 'ready' | 'error'; message?: string };

const LARGE_READ_ONLY = { value: 'This file is larger than 2 MB, so it is opened read-only.' };
const LIVE_READ_ONLY = { value: 'You joined this live project with a read-only link: you can watch, not edit.' };
const PACKAGE_READ_ONLY = {
  value: 'Installed package files are read-only. Change dependencies in the Dependencies panel.',
};

export function EditorPane({ session, editor: editorSession }: { session: ProjectSession; editor: EditorSession }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>();
  const [large, setLarge] = useState(false);
  const [pkg, setPkg] = useState<PackageView>();
  const [retries, setRetries] = useState(0);
  const active = activeFile.value;
  void fileList.value; // re-render when files change kind or appear
  const kind = active ? session.workspace.kindOf(active) : undefined;
  const packageFile = !!active && kind === undefined && isPackagePath(active);

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
    const packages = editorSession.packageFiles;
    // Remember where the reader was in an installed file before another one is shown.
    const shown = editor.getModel();
    if (packages.isPackageModel(shown)) packages.saveViewState(shown!, editor.saveViewState());
    if (active && packageFile) {
      editorSession.models.detach();
      setLarge(false);
      let stale = false;
      const path = active;
      const current = editor.getModel();
      if (!packages.isPackageModel(current) || current!.uri.path !== '/' + path) {
        editor.setModel(null);
        cursor.value = undefined;
        setPkg({ path, state: 'loading' });
      }
      packages.open(path).then(
        (model) => {
          if (stale) return;
          if (editor.getModel() !== model) {
            editor.setModel(model);
            const view = packages.viewState(path);
            if (view) editor.restoreViewState(view);
          }
          editor.updateOptions({ readOnly: true, readOnlyMessage: PACKAGE_READ_ONLY });
          setPkg({ path, state: 'ready' });
          const p = editor.getPosition();
          cursor.value = p ? { line: p.lineNumber, column: p.column } : undefined;
        },
        (err: unknown) => {
          if (!stale) setPkg({ path, state: 'error', message: errorMessage(err) });
        },
      );
      return () => {
        stale = true;
      };
    }
    setPkg(undefined);
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
    editor.updateOptions({ readOnly: attached?.readOnly ?? true, readOnlyMessage: LARGE_READ_ONLY });
    const p = editor.getPosition();
    cursor.value = p ? { line: p.lineNumber, column: p.column } : undefined;
    // A location asked for before this file's model was attached (Problems opened another file).
    if (applyReveal(editor)) return;
    // Keep typing flow: focus moves to the editor when a file is opened from the tree or tabs.
    if (!document.activeElement?.closest('.file-tree-body, input, [role="dialog"]')) editor.focus();
  }, [session, editorSession, active, kind, packageFile, retries]);

  // A live project joined read-only: no typing (after the binding above, which sets the file's own mode).
  const liveReadOnly = readOnly.value;
  const reason = readOnlyReason.value;
  useEffect(() => {
    if (liveReadOnly && kind === 'text')
      editorRef.current?.updateOptions({
        readOnly: true,
        readOnlyMessage: reason ? { value: reason } : LIVE_READ_ONLY,
      });
  }, [liveReadOnly, reason, active, kind, retries]);

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

  const pkgView = packageFile && pkg?.path === active ? pkg : undefined;
  const showEditor = !!active && (kind === 'text' || pkgView?.state === 'ready');
  return (
    <div class="editor-pane">
      {pkgView && active && <PackageNotice view={pkgView} path={active} onRetry={() => setRetries((n) => n + 1)} />}
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

/** The bar above an installed package's file: read-only, from which package, or why it cannot be shown. */
function PackageNotice({ view, path, onRetry }: { view: PackageView; path: string; onRetry: () => void }) {
  const { name } = splitBareSpecifier(folderNameOf(path));
  const showDependencies = () => {
    bottomOpen.value = true;
    bottomTab.value = 'dependencies';
  };
  if (view.state === 'error')
    return (
      <div class="editor-notice editor-notice-error" role="alert" data-testid="package-file-error">
        <span>
          Could not read {path}: {view.message}
        </span>
        <button class="cove-btn" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  return (
    <div class="editor-notice editor-notice-package" role="status" data-testid="package-file-notice">
      <LockIcon size={13} />
      <span>
        {view.state === 'loading' ? (
          `Loading ${path}…`
        ) : (
          <>
            Read-only: a file of the installed package <strong>{name}</strong>.
          </>
        )}
      </span>
      <button class="cove-btn" onClick={showDependencies}>
        Dependencies
      </button>
    </div>
  );
}
