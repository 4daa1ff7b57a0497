/**
 * Monaco, bundled and offline: the editor worker comes from our own bundle (Vite `?worker`), and
 * @monaco-editor/react is pointed at this instance so it never fetches Monaco from a CDN. Imported only
 * by the lazily loaded editor chunk, so the app starts without Monaco's few megabytes.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }
}

// Only the generic worker is bundled: YAML and Python are tokenized on the main thread, and the YAML
// tab's completion and markers come from our own validator (see yaml-language.ts).
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

loader.config({ monaco });

const surface = { light: '#ffffff', dark: '#1b1e24' };
monaco.editor.defineTheme('pipewright-light', {
  base: 'vs', inherit: true, rules: [],
  colors: { 'editor.background': surface.light, 'editorGutter.background': surface.light, 'editor.lineHighlightBackground': '#f3f5f9' },
});
monaco.editor.defineTheme('pipewright-dark', {
  base: 'vs-dark', inherit: true, rules: [],
  colors: { 'editor.background': surface.dark, 'editorGutter.background': surface.dark, 'editor.lineHighlightBackground': '#232730' },
});

export { monaco };
