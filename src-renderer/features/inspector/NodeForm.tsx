/** The inspector of one node: identity, the inputs its component declares, its outputs and run settings. */
import { useId, useMemo } from 'react';
import { componentOf, literalType, type ResolvedInput } from '../../../shared/spec/resolve.js';
import type { ComponentLibrary, PipelineNode } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { Field, Section, useDraft } from './controls.js';
import { InputField } from './InputField.js';
import { NodeSettings } from './NodeSettings.js';
import { nodeIdError, renameNode } from './values.js';

/** The inputs a node offers: its component's, or for an inline node the ones it sets. */
function nodeInputs(node: PipelineNode, library: ComponentLibrary): ResolvedInput[] {
  const c = componentOf(node, library);
  if (c) {
    return c.inputs.map((i) => ({ name: i.name, type: i.type, optional: Boolean(i.optional) || i.default !== undefined, ...(i.default !== undefined ? { default: i.default } : {}), decl: i }));
  }
  return Object.entries(node.inputs ?? {}).map(([name, v]) => ({
    name, optional: false,
    type: typeof v === 'object' && v !== null ? ('value' in v ? literalType(v.value) : 'string') : literalType(v),
  }));
}

export function NodeForm({ node, readOnly }: { node: PipelineNode; readOnly: boolean }) {
  const library = useDesigner((s) => s.library);
  const issues = useDesigner((s) => s.issues);
  const component = componentOf(node, library);
  const inputs = useMemo(() => nodeInputs(node, library), [node, library]);
  const own = issues.filter((i) => i.nodeId === node.id);
  const inputIssue = (name: string) => own.find((i) => {
    const k = i.path.indexOf('inputs');
    return k >= 0 && i.path[k + 1] === name;
  })?.message;
  const parameters = inputs.filter((i) => !['dataset', 'model', 'metrics', 'file'].includes(i.type));
  const artifacts = inputs.filter((i) => !parameters.includes(i));
  const outputs = component ? component.outputs : Object.entries(node.outputs ?? {}).map(([name, o]) => ({ name, type: o.type, description: o.description }));

  return (
    <>
      <header className="ins-head">
        <span className={`ins-kind kind-${node.kind}`}>{node.kind}</span>
        <div className="ins-head-text">
          <h2>{node.name ?? node.id}</h2>
          <div className="ins-sub">
            {component ? <>{component.metadata.name} <span className="ins-ver">{node.uses}</span></>
              : node.uses ? <span className="ins-warning">Unknown component {node.uses}</span> : 'Inline container'}
          </div>
        </div>
      </header>
      {(node.description ?? component?.metadata.description) && <p className="ins-desc">{node.description ?? component?.metadata.description}</p>}
      {own.length > 0 && (
        <div className="ins-issues" role="status">
          {own.filter((i) => !i.path.includes('inputs')).slice(0, 3).map((i, k) => <div key={k} className={i.severity}>{i.message}</div>)}
          <div className="ins-issues-count">{own.length} problem{own.length > 1 ? 's' : ''} on this node</div>
        </div>
      )}
      <Section title="Node">
        <div className="ins-grid">
          <NameField node={node} readOnly={readOnly} />
          <IdField id={node.id} readOnly={readOnly} />
        </div>
      </Section>
      <Section title="Parameters" aside={<span className="ins-count">{parameters.length}</span>}>
        {parameters.length === 0 && <div className="ins-none">This node takes no parameters.</div>}
        {parameters.map((i) => <InputField key={i.name} nodeId={node.id} node={node} input={i} readOnly={readOnly} issue={inputIssue(i.name)} />)}
      </Section>
      {(artifacts.length > 0 || outputs.length > 0) && (
        <Section title="Data in & out">
          {artifacts.map((i) => <InputField key={i.name} nodeId={node.id} node={node} input={i} readOnly={readOnly} issue={inputIssue(i.name)} />)}
          {outputs.length > 0 && (
            <div className="ins-outputs">
              <div className="ins-label">Outputs</div>
              {outputs.map((o) => (
                <div key={o.name} className="ins-output" title={o.description}>
                  <code>{node.id}.{o.name}</code><span className="ins-type">{o.type}</span>
                </div>
              ))}
            </div>
          )}
        </Section>
      )}
      <NodeSettings nodeId={node.id} node={node} readOnly={readOnly} />
    </>
  );
}

function NameField({ node, readOnly }: { node: PipelineNode; readOnly: boolean }) {
  const id = useId();
  const draft = useDraft(node.name ?? '');
  return (
    <Field label="Display name" path="name" htmlFor={id}>
      <input id={id} className="k-input" data-testid="node-name" value={draft.text} placeholder={node.id} disabled={readOnly}
        onChange={(e) => {
          const text = e.target.value;
          draft.setText(text);
          draft.committed(text);
          useDesigner.getState().updateNode(node.id, (n) => {
            const { name: _n, ...rest } = n;
            return text ? { ...n, name: text } : rest;
          }, `name:${node.id}`);
        }} />
    </Field>
  );
}

/** The id is renamed on Enter or when the field loses focus, rewriting edges and references. */
function IdField({ id: nodeId, readOnly }: { id: string; readOnly: boolean }) {
  const id = useId();
  const graph = useDesigner((s) => s.graph);
  const draft = useDraft(nodeId);
  const error = nodeIdError(draft.text, graph, nodeId);
  const apply = () => {
    if (draft.text === nodeId) return;
    if (error) { draft.setText(nodeId); return; }
    const d = useDesigner.getState();
    d.commit(renameNode(d.graph, nodeId, draft.text));
    d.select(draft.text);
  };
  return (
    <Field label="Id" path="id" htmlFor={id} error={draft.text !== nodeId ? error : undefined}
      help={draft.text !== nodeId && !error ? 'Press Enter to rename; edges follow' : undefined}>
      <input id={id} className="k-input k-mono" data-testid="node-id" value={draft.text} disabled={readOnly} spellCheck={false}
        aria-invalid={Boolean(error)}
        onChange={(e) => draft.setText(e.target.value)} onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          if (e.key === 'Escape') draft.setText(nodeId);
        }} />
    </Field>
  );
}
