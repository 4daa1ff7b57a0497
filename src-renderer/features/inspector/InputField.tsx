/**
 * One input of a node: wired from another node (shown read-only, with unlink), bound to a pipeline param
 * (`{param: x}`), or a literal edited with the editor its type calls for. Every edit goes through
 * `updateNode` with one coalesce key per field, so a burst of typing is one undo step.
 */
import { useState } from 'react';
import { inputSource, type ResolvedInput } from '../../../shared/spec/resolve.js';
import { isArtifactType, type PipelineNode } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { Field, MenuButton } from './controls.js';
import { ValueEditor, type ValueDecl } from './ValueEditor.js';
import { formatValue, literalInput, paramFits, withInput } from './values.js';

export function InputField({ nodeId, node, input, readOnly, issue }: {
  nodeId: string; node: PipelineNode; input: ResolvedInput; readOnly: boolean; issue?: string;
}) {
  const [error, setError] = useState<string>();
  const edge = useDesigner((s) => s.graph.edges.find((e) => e.target === nodeId && e.targetHandle === input.name));
  const params = useDesigner((s) => s.graph.pipeline.params);
  const { name, type } = input;
  const raw = node.inputs?.[name];
  const src = edge ? { kind: 'from' as const, node: edge.source, output: edge.sourceHandle } : raw === undefined ? undefined : inputSource(raw);
  const decl: ValueDecl = { ...input.decl, name, type, ...(input.default !== undefined ? { default: input.default } : {}) };
  const label = input.decl?.label ?? name;
  const required = !input.optional;
  const key = `input:${nodeId}:${name}`;
  const set = (value: Parameters<typeof withInput>[2]) => useDesigner.getState().updateNode(nodeId, (n) => withInput(n, name, value), key);
  const testId = `field-${name}`;
  const id = `ins-${nodeId}-${name}`;

  const unlink = () => {
    const d = useDesigner.getState();
    d.commit({
      ...d.graph,
      edges: d.graph.edges.filter((e) => !(e.target === nodeId && e.targetHandle === name)),
      nodes: d.graph.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, spec: withInput(n.data.spec, name, undefined) } } : n)),
    });
  };

  const bindNew = () => {
    const d = useDesigner.getState();
    const existing = d.graph.pipeline.params ?? {};
    let pname = name;
    for (let i = 2; existing[pname]; i++) pname = `${name}_${i}`;
    const value = src?.kind === 'literal' ? src.value : input.default;
    const param = { type: isArtifactType(type) ? 'string' as const : type, ...(value !== undefined ? { default: value as never } : {}), ...(input.decl?.description ? { description: input.decl.description } : {}) };
    d.commit({
      ...d.graph,
      pipeline: { ...d.graph.pipeline, params: { ...existing, [pname]: param } },
      nodes: d.graph.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, spec: withInput(n.data.spec, name, { param: pname }) } } : n)),
    });
  };

  const fitting = Object.entries(params ?? {}).filter(([, p]) => paramFits(p.type, type));
  const menu = !isArtifactType(type) && src?.kind !== 'from' && !readOnly && (
    <MenuButton label="⋯" title={`Bind ${name} to a pipeline param`} testId={`field-menu-${name}`}>
      {(close) => (
        <>
          <div className="k-menu-label">Bind to pipeline param</div>
          {fitting.length === 0 && <button type="button" disabled>No {type} params yet</button>}
          {fitting.map(([p, def]) => (
            <button key={p} type="button" role="menuitem" disabled={src?.kind === 'param' && src.param === p}
              onClick={() => { set({ param: p }); close(); }}>
              <span className="k-mono">{p}</span><span className="k-menu-hint">{def.type}</span>
            </button>
          ))}
          <button type="button" role="menuitem" onClick={() => { bindNew(); close(); }}>+ New param from this input</button>
          {src?.kind === 'param' && (
            <button type="button" role="menuitem" onClick={() => { set(undefined); close(); }}>Use a value instead</button>
          )}
        </>
      )}
    </MenuButton>
  );

  const canReset = src?.kind === 'literal' && !readOnly && (input.default !== undefined || input.optional);
  const reset = canReset && (
    <button type="button" className="k-icon-btn" title={input.default !== undefined ? `Reset to default (${formatValue(input.default, type)})` : 'Clear'}
      aria-label={`Reset ${name} to default`} data-testid={`field-reset-${name}`} onClick={() => { setError(undefined); set(undefined); }}>↺</button>
  );

  let control;
  if (src?.kind === 'from') {
    control = (
      <div className="ins-bound from" data-testid={testId}>
        <span className="ins-bound-kind">from</span>
        <code>{src.node}.{src.output}</code>
        {!readOnly && <button type="button" className="k-icon-btn" title="Disconnect (removes the edge)" aria-label={`Unlink ${name}`}
          data-testid={`field-unlink-${name}`} onClick={unlink}>⨯</button>}
      </div>
    );
  } else if (src?.kind === 'param') {
    const p = params?.[src.param];
    control = (
      <div className={`ins-bound param${p ? '' : ' missing'}`} data-testid={testId}>
        <span className="ins-bound-kind">param</span>
        <code>{src.param}</code>
        <span className="ins-bound-value">{p ? (p.default !== undefined ? `= ${formatValue(p.default, p.type).replace(/\n\s*/g, ' ')}` : 'no default') : 'not defined'}</span>
        {!readOnly && <button type="button" className="k-icon-btn" title="Unbind (use the default value)" aria-label={`Unbind ${name}`}
          onClick={() => set(undefined)}>⨯</button>}
      </div>
    );
  } else if (isArtifactType(type)) {
    control = (
      <div className="ins-bound empty" data-testid={testId}>
        {required ? 'Not connected — drag an edge from an upstream output' : 'Optional — connect an upstream output to use it'}
      </div>
    );
  } else {
    control = (
      <ValueEditor decl={decl} value={src?.value} required={required} id={id} testId={testId} disabled={readOnly}
        onError={setError} onChange={(v) => set(v === undefined ? undefined : literalInput(v))} />
    );
  }

  return (
    <Field path={`inputs.${name}`} htmlFor={id} required={required && input.default === undefined}
      label={<>{label}{label !== name && <span className="ins-name">{name}</span>}<span className="ins-type">{typeLabel(decl)}</span></>}
      help={input.decl?.description} error={error ?? issue} actions={<>{reset}{menu}</>}>
      {control}
    </Field>
  );
}

function typeLabel(d: ValueDecl): string {
  const { minimum: lo, maximum: hi } = d;
  const range = lo !== undefined && hi !== undefined ? ` ${lo}–${hi}` : lo !== undefined ? ` ≥ ${lo}` : hi !== undefined ? ` ≤ ${hi}` : '';
  return `${d.type}${range}`;
}
