/**
 * A Monaco editor bound to a stored text without ever fighting the user: typing is committed after a
 * pause (and on blur); a new stored value is merged in as a minimal edit (the cursor stays put) unless
 * the user has uncommitted typing, which always wins. Loaded lazily (see LazyMonaco.tsx).
 */
import Editor from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor';
import { monaco } from './monaco-setup.js';
import { useColorScheme } from './use-color-scheme.js';

export interface MonacoPaneProps {
  /** Model URI, e.g. `file:///pipeline.yaml`; one model per path. */
  path: string;
  language: 'yaml' | 'python';
  /** The stored text. */
  value: string;
  /** The user's text, `delay` ms after they stop typing, or at once when the editor loses focus. */
  onCommit(text: string): void;
  delay?: number;
  readOnly?: boolean;
  testId: string;
  onMount?(editor: Monaco.editor.IStandaloneCodeEditor, m: typeof Monaco): void;
}

/** Replaces only what changed between the model's text and `next`, so the cursor and scroll stay. */
function mergeInto(model: Monaco.editor.ITextModel, next: string): void {
  const prev = model.getValue();
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && prev.charCodeAt(prev.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const range = monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(prev.length - end));
  model.pushEditOperations([], [{ range, text: next.slice(start, next.length - end) }], () => null);
}

export default function MonacoPane({ path, language, value, onCommit, delay = 300, readOnly, testId, onMount }: MonacoPaneProps) {
  const scheme = useColorScheme();
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const state = useRef({ dirty: false, applying: false, text: value, timer: undefined as ReturnType<typeof setTimeout> | undefined });
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;

  const flush = () => {
    const s = state.current;
    clearTimeout(s.timer);
    if (!s.dirty) return;
    s.dirty = false;
    commitRef.current(s.text);
  };

  useEffect(() => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model || state.current.dirty) return;
    state.current.applying = true;
    try { mergeInto(model, value); } finally { state.current.applying = false; }
  }, [value]);

  // Unmounting (another node, another tab) commits what was typed; `text` is kept for this moment.
  useEffect(() => () => flush(), []);

  return (
    <div className="ed-monaco" data-testid={testId}>
      <Editor
        path={path}
        defaultLanguage={language}
        defaultValue={value}
        theme={scheme === 'dark' ? 'pipewright-dark' : 'pipewright-light'}
        loading={<div className="ed-loading">Loading editor…</div>}
        options={{
          readOnly, editContext: false, automaticLayout: true, minimap: { enabled: false }, fontSize: 12.5, lineHeight: 19,
          fontFamily: "ui-monospace, 'SF Mono', 'JetBrains Mono', Menlo, Consolas, monospace",
          scrollBeyondLastLine: false, tabSize: language === 'python' ? 4 : 2, insertSpaces: true, renderLineHighlight: 'line',
          padding: { top: 8, bottom: 8 }, fixedOverflowWidgets: true, quickSuggestions: { other: true, strings: true, comments: false },
          wordBasedSuggestions: language === 'yaml' ? 'off' : 'currentDocument',
          scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 }, overviewRulerBorder: false, guides: { indentation: true },
        }}
        onMount={(ed, m) => {
          editorRef.current = ed;
          const model = ed.getModel();
          // A model kept from an earlier mount may hold older text.
          if (model && model.getValue() !== value) { state.current.applying = true; model.setValue(value); state.current.applying = false; }
          ed.onDidChangeModelContent(() => {
            const s = state.current;
            if (s.applying) return;
            s.text = ed.getValue();
            s.dirty = true;
            clearTimeout(s.timer);
            s.timer = setTimeout(flush, delay);
          });
          ed.onDidBlurEditorText(flush);
          onMount?.(ed, m as typeof Monaco);
        }}
      />
    </div>
  );
}
