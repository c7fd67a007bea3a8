/**
 * Everything that needs Monaco, behind one dynamic import (see editor-loader.ts):
 * the IDE shell, the bundler and the preview start without waiting for it.
 */
import { setupMonaco } from './monaco-setup';

setupMonaco();

export { EditorSession } from './editor-session';
export { EditorPane } from '../ui/editor-pane';
export { attachNpmTypes } from './npm-types';
export { registerQuickFixes } from './quick-fix';
