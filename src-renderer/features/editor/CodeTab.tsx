/**
 * The Python of a script node (a component input with `format: python`, e.g. python-script's `script`)
 * in Monaco. Typing is committed after a pause through `updateNode`, one undo step per burst.
 */
import { componentOf, inputSource } from '../../../shared/spec/resolve.js';
import type { Component, ComponentLibrary, PipelineNode } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns } from '../../stores/runs.store.js';
import { withInput } from '../inspector/values.js';
import { LazyMonaco } from './LazyMonaco.js';
import '../inspector/kit.css';
import './editor.css';

const codeInput = (c: Component | undefined) => c?.inputs.find((i) => i.format === 'python');
const hasCode = (n: PipelineNode, library: ComponentLibrary) => Boolean(codeInput(componentOf(n, library)));

export function CodeTab() {
  const library = useDesigner((s) => s.library);
  const snapshot = useRuns((s) => s.snapshot);
  const selectedId = useDesigner((s) => s.selectedNodeId);
  const liveNode = useDesigner((s) => s.graph.nodes.find((n) => n.id === s.selectedNodeId)?.data.spec);
  const liveNodes = useDesigner((s) => s.graph.nodes);
  const nodes = snapshot?.graph?.nodes ?? liveNodes;
  const node = snapshot ? snapshot.graph?.nodes.find((n) => n.id === selectedId)?.data.spec : liveNode;
  const component = node ? componentOf(node, library) : undefined;
  const input = codeInput(component);
  const readOnly = Boolean(snapshot);
  const docVersion = useDesigner((s) => s.docVersion);

  const commit = (text: string) => {
    if (!node || !input || readOnly || useDesigner.getState().docVersion !== docVersion) return;
    useDesigner.getState().updateNode(node.id, (n) => withInput(n, input.name, text), `code:${node.id}`);
  };

  if (!node || !input) {
    const scripts = nodes.filter((n) => hasCode(n.data.spec, library));
    return (
      <div className="pwk ed-tab" data-testid="code-editor-empty">
        <div className="k-empty ed-empty">
          <div className="ed-empty-icon" aria-hidden>{'{ }'}</div>
          <h3>Code of a Python script node</h3>
          <p>
            {node ? <><strong>{node.name ?? node.id}</strong> runs a ready-made component, so it has no code to edit; its settings are in the Inspector. </> : null}
            Add a <strong>Python script</strong> node from the palette to run your own pandas or scikit-learn code; its code opens here.
          </p>
          {scripts.length > 0 && (
            <div className="ed-script-list">
              <div className="ed-script-list-title">Script nodes in this pipeline</div>
              {scripts.map((n) => (
                <button key={n.id} type="button" className="k-btn" onClick={() => useDesigner.getState().select(n.id)}>
                  {n.data.spec.name ?? n.id}
                </button>
              ))}
            </div>
          )}
        </div>
      </div>
    );
  }

  const raw = node.inputs?.[input.name];
  const src = raw === undefined ? undefined : inputSource(raw);
  if (src && src.kind !== 'literal') {
    return (
      <div className="pwk ed-tab">
        <div className="k-empty ed-empty">
          <h3>The code of {node.name ?? node.id} is not written here</h3>
          <p>Its <code>{input.name}</code> input {src.kind === 'param' ? <>reads the pipeline param <code>{src.param}</code></> : <>is wired from <code>{src.node}.{src.output}</code></>}.
            Unbind it in the Inspector to write the code in this tab.</p>
        </div>
      </div>
    );
  }
  const value = typeof src?.value === 'string' ? src.value : typeof input.default === 'string' ? input.default : '';

  return (
    <div className="pwk ed-tab">
      <div className={`ed-bar${readOnly ? ' readonly' : ''}`}>
        <span className="ed-title">{node.name ?? node.id}</span>
        <span className="ed-file">{input.name}.py</span>
        <span className="ed-spacer" />
        {readOnly ? <span>read-only (run snapshot)</span> : src === undefined ? <span className="ed-hint" title="The component's example code; your edits are saved in the pipeline">example code</span> : null}
      </div>
      {component?.metadata.description && <div className="ed-help">{component.metadata.description}</div>}
      <LazyMonaco key={`${docVersion}:${snapshot?.runId ?? 'live'}:${node.id}`} path={`file:///${snapshot ? `runs/${snapshot.runId}/` : ''}nodes/${node.id}/${input.name}.py`}
        language="python" value={value} onCommit={commit} readOnly={readOnly} testId="code-editor" />
    </div>
  );
}
