/**
 * Keyboard shortcuts. Editing shortcuts (undo, delete, copy, select all…) stay out of the way while the
 * user types in a field or in Monaco, which have their own. File shortcuts (save, open, new) work
 * everywhere: they never mean anything else, and the browser's own "save page" would be wrong.
 */
import { copySelection, deleteSelection, duplicateSelection, paste, redo, selectAll, undo } from '../features/designer/actions.js';
import { useCanvasUi } from '../features/designer/canvas.store.js';
import { useFiles } from '../features/files/files.store.js';
import { useDesigner } from '../stores/designer.store.js';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || Boolean(target.closest('.monaco-editor, [data-shortcuts="off"]'));
}

function fileShortcut(e: KeyboardEvent, key: string): boolean {
  const files = useFiles.getState();
  if (key === 's' && e.shiftKey) files.showSaveAs();
  else if (key === 's') void files.save();
  else if (key === 'o') files.showOpen();
  else if (key === 'n') files.newPipeline();
  else return false;
  return true;
}

function editShortcut(e: KeyboardEvent, key: string, mod: boolean): boolean {
  const d = useDesigner.getState();
  if (mod && key === 'z') { if (e.shiftKey) redo(); else undo(); return true; }
  if (mod && key === 'y') { redo(); return true; }
  if (mod && key === 'a') { selectAll(); return true; }
  if (mod && key === 'd') { duplicateSelection(); return true; }
  if (mod && key === 'f') { useCanvasUi.getState().setFindOpen(true); return true; }
  if (mod && key === 'c') {
    // Text the user highlighted (a problem message, a log line) copies as text, the browser's way.
    if (window.getSelection()?.toString()) return false;
    return copySelection();
  }
  if (mod && key === 'v') { paste(); return true; }
  if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) { deleteSelection(); return true; }
  if (!mod && e.key === 'Escape') {
    if (useCanvasUi.getState().findOpen) useCanvasUi.getState().setFindOpen(false);
    else d.setSelection([], []);
    return true;
  }
  return false;
}

/** Installs the shortcuts on the window; returns the function that removes them. */
export function installShortcuts(): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    // A dialog owns the keyboard while it is open.
    if (useFiles.getState().dialog || document.querySelector('[aria-modal="true"]')) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && !e.altKey && fileShortcut(e, key)) { e.preventDefault(); return; }
    if (isTyping(e.target) || e.altKey || useFiles.getState().view !== 'editor') return;
    if (editShortcut(e, key, mod)) e.preventDefault();
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}
