/**
 * The whole spec as YAML. Canvas edits show up here (merged in without moving the cursor); what the user
 * types reaches the canvas through `applyYaml` 300 ms after they pause, keeping the layout the YAML
 * carries. Text that does not parse stays as typed, with its errors as markers and in the Problems panel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor';
import type { CanvasGraph } from '../../../shared/compiler/graph.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns } from '../../stores/runs.store.js';
import { LazyMonaco } from './LazyMonaco.js';
import { registerPipelineYaml, setIssueMarkers } from './yaml-language.js';
import '../inspector/kit.css';
import './editor.css';

let registered = false;
const currentText = () => { const d = useDesigner.getState(); return d.yamlDraft ?? d.yaml(); };

export function YamlTab() {
  const snapshot = useRuns((s) => s.snapshot);
  const close = useRuns((s) => s.closeSnapshot);
  if (snapshot) {
    return (
      <div className="pwk ed-tab">
        <div className="ed-bar readonly">
          <span>Spec of run <code>{snapshot.runId.slice(0, 12)}</code> (read-only)</span>
          <button type="button" className="k-btn small" onClick={close}>Back to editing</button>
        </div>
        <LazyMonaco key={snapshot.runId} path={`file:///runs/${snapshot.runId}.yaml`} language="yaml" value={snapshot.specYaml}
          readOnly onCommit={() => undefined} testId="yaml-editor" />
      </div>
    );
  }
  return <LiveYaml />;
}

function LiveYaml() {
  const graph = useDesigner((s) => s.graph);
  const docVersion = useDesigner((s) => s.docVersion);
  const issues = useDesigner((s) => s.issues);
  const unparsed = useDesigner((s) => s.yamlDraft !== undefined);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const own = useRef<CanvasGraph | undefined>(undefined);
  const [value, setValue] = useState(currentText);
  const [pending, setPending] = useState(false);
  const editor = useRef<{ ed: Monaco.editor.IStandaloneCodeEditor; m: typeof Monaco } | undefined>(undefined);

  // A graph this tab did not produce (canvas, inspector, undo, a file opened) replaces the text; a burst
  // of changes (dragging a node) is written out once it settles rather than on every frame.
  useEffect(() => {
    if (graph === own.current) return;
    const t = setTimeout(() => setValue(currentText()), 80);
    return () => clearTimeout(t);
  }, [graph]);

  useEffect(() => {
    const model = editor.current?.ed.getModel();
    if (editor.current && model) setIssueMarkers(editor.current.m, model, issues);
  }, [issues, value]);

  const commit = useCallback((text: string) => {
    setPending(false);
    const d = useDesigner.getState();
    // Typing flushed as the editor of a previous document unmounts must not land in the new one.
    if (d.docVersion !== docVersion || text === (d.yamlDraft ?? d.yaml())) return;
    d.applyYaml(text);
    own.current = useDesigner.getState().graph;
  }, [docVersion]);

  const mount = useCallback((ed: Monaco.editor.IStandaloneCodeEditor, m: typeof Monaco) => {
    editor.current = { ed, m };
    if (!registered) {
      registered = true;
      registerPipelineYaml(m, () => { const d = useDesigner.getState(); return { library: d.library, spec: d.spec }; });
    }
    ed.onDidChangeModelContent(() => setPending(true));
    const model = ed.getModel();
    if (model) setIssueMarkers(m, model, useDesigner.getState().issues);
  }, []);

  return (
    <div className="pwk ed-tab">
      <div className="ed-bar">
        <span className={`ed-sync${pending ? ' pending' : unparsed ? ' stale' : ''}`} data-testid="yaml-sync">
          {pending ? 'Applying…' : unparsed ? 'Not applied — the canvas keeps the last valid YAML' : 'In sync with the canvas'}
        </span>
        <span className="ed-spacer" />
        {errors > 0 && <span className="ed-count error">{errors} error{errors > 1 ? 's' : ''}</span>}
        {warnings > 0 && <span className="ed-count warning">{warnings} warning{warnings > 1 ? 's' : ''}</span>}
        {issues.length === 0 && <span className="ed-count ok">Valid</span>}
      </div>
      <LazyMonaco key={docVersion} path="file:///pipeline.yaml" language="yaml" value={value} onCommit={commit} testId="yaml-editor" onMount={mount} />
    </div>
  );
}
