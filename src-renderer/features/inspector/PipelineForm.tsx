/** With no node selected: the pipeline's name, description and params (add, remove, rename, type, default). */
import { useId, useState } from 'react';
import type { CanvasGraph } from '../../../shared/compiler/graph.js';
import { IDENTIFIER, isDns1123Label } from '../../../shared/spec/names.js';
import { PARAMETER_TYPES, type ParameterType, type PipelineParam } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { Field, Section, useDraft } from './controls.js';
import { ValueEditor } from './ValueEditor.js';
import { checkValue, formatValue, paramUsers, parseText, renameParam } from './values.js';

type Pipe = CanvasGraph['pipeline'];
const commitPipeline = (fn: (p: Pipe) => Pipe, key?: string) => {
  const d = useDesigner.getState();
  d.commit({ ...d.graph, pipeline: fn(d.graph.pipeline) }, key);
};
const setParams = (fn: (p: Record<string, PipelineParam>) => Record<string, PipelineParam>, key?: string) =>
  commitPipeline((p) => ({ ...p, params: fn({ ...p.params }) }), key);

export function PipelineForm({ readOnly }: { readOnly: boolean }) {
  const pipeline = useDesigner((s) => s.graph.pipeline);
  const nodes = useDesigner((s) => s.graph.nodes.length);
  const nameId = useId();
  const descId = useId();
  const name = useDraft(pipeline.metadata.name);
  const desc = useDraft(pipeline.metadata.description ?? '');
  const nameError = isDns1123Label(name.text) ? undefined : 'Lowercase letters, digits and -, at most 63 (it names Kubernetes objects)';
  const params = Object.entries(pipeline.params ?? {});

  const addParam = () => {
    let n = params.length + 1;
    while (pipeline.params?.[`param_${n}`]) n++;
    setParams((p) => ({ ...p, [`param_${n}`]: { type: 'string' } }));
  };

  return (
    <>
      <header className="ins-head">
        <span className="ins-kind kind-pipeline">pipeline</span>
        <div className="ins-head-text">
          <h2>{pipeline.metadata.name}</h2>
          <div className="ins-sub">{nodes} node{nodes === 1 ? '' : 's'} · select a node on the canvas to edit it</div>
        </div>
      </header>
      <Section title="Pipeline">
        <Field label="Name" required path="metadata.name" htmlFor={nameId} error={nameError}>
          <input id={nameId} className="k-input k-mono" data-testid="pipeline-name" value={name.text} disabled={readOnly} spellCheck={false}
            aria-invalid={Boolean(nameError)}
            onChange={(e) => {
              const v = e.target.value;
              name.setText(v);
              if (!isDns1123Label(v)) return;
              name.committed(v);
              commitPipeline((p) => ({ ...p, metadata: { ...p.metadata, name: v } }), 'pipeline:name');
            }} />
        </Field>
        <Field label="Description" path="metadata.description" htmlFor={descId}>
          <textarea id={descId} className="k-textarea" data-testid="pipeline-description" rows={3} value={desc.text} disabled={readOnly}
            placeholder="What this pipeline is for"
            onChange={(e) => {
              const v = e.target.value;
              desc.setText(v);
              desc.committed(v);
              commitPipeline((p) => {
                const { description: _d, ...meta } = p.metadata;
                return { ...p, metadata: v ? { ...meta, description: v } : meta };
              }, 'pipeline:description');
            }} />
        </Field>
      </Section>
      <Section title="Params" aside={!readOnly && <button type="button" className="k-btn small" data-testid="param-add" onClick={addParam}>+ Add</button>}>
        {params.length === 0 && <div className="ins-none">No params yet. Params are values a run can override; bind node inputs to them with the ⋯ menu.</div>}
        {params.map(([pname, p]) => <ParamRow key={pname} name={pname} param={p} readOnly={readOnly} />)}
      </Section>
    </>
  );
}

function ParamRow({ name, param, readOnly }: { name: string; param: PipelineParam; readOnly: boolean }) {
  const graph = useDesigner((s) => s.graph);
  const draft = useDraft(name);
  const [defaultError, setDefaultError] = useState<string>();
  const users = paramUsers(graph, name);
  const taken = draft.text !== name && Boolean(graph.pipeline.params?.[draft.text]);
  const nameError = !IDENTIFIER.test(draft.text) ? 'Letters, digits and _, not starting with a digit' : taken ? `A param ${draft.text} exists` : undefined;
  const key = `param:${name}`;
  const update = (fn: (p: PipelineParam) => PipelineParam, k: string) => setParams((ps) => ({ ...ps, [name]: fn(ps[name] ?? param) }), `${key}:${k}`);

  const rename = () => {
    if (draft.text === name) return;
    if (nameError) { draft.setText(name); return; }
    const d = useDesigner.getState();
    d.commit(renameParam(d.graph, name, draft.text));
  };
  const changeType = (type: ParameterType) => update((p) => {
    const { default: old, ...rest } = p;
    if (old === undefined) return { ...rest, type };
    const parsed = parseText(typeof old === 'string' ? old : JSON.stringify(old), type);
    const keep = parsed.ok && 'value' in parsed && !checkValue(parsed.value, { ...rest, type }) ? parsed.value : undefined;
    return keep === undefined ? { ...rest, type } : { ...rest, type, default: keep as never };
  }, 'type');
  const remove = () => {
    if (users.length && !window.confirm(`${name} is used by ${users.join(', ')}. Remove it anyway? Those inputs will need a value.`)) return;
    setParams((ps) => { const { [name]: _gone, ...rest } = ps; return rest; });
  };

  return (
    <div className="ins-param" data-testid={`param-row-${name}`} data-focus-path={`params.${name}`}>
      <div className="ins-param-head">
        <input className="k-input k-mono ins-param-name" aria-label="Param name" data-testid={`param-name-${name}`} value={draft.text}
          disabled={readOnly} spellCheck={false} aria-invalid={Boolean(nameError)}
          onChange={(e) => draft.setText(e.target.value)} onBlur={rename}
          onKeyDown={(e) => { if (e.key === 'Enter') rename(); if (e.key === 'Escape') draft.setText(name); }} />
        <select className="k-select ins-param-type" aria-label="Param type" data-testid={`param-type-${name}`} value={param.type}
          disabled={readOnly} onChange={(e) => changeType(e.target.value as ParameterType)}>
          {PARAMETER_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        {!readOnly && <button type="button" className="k-icon-btn" title="Remove param" aria-label={`Remove ${name}`} onClick={remove}>✕</button>}
      </div>
      {draft.text !== name && nameError && <div className="ins-error">{nameError}</div>}
      <div className="ins-param-default">
        <span className="ins-param-label">default</span>
        <div style={{ flex: 1, minWidth: 0 }}>
          <ValueEditor decl={{ ...param, name, default: undefined }} value={param.default} required={false} disabled={readOnly}
            id={`param-default-${name}`} testId={`param-default-${name}`} onError={setDefaultError}
            onChange={(v) => update((p) => {
              const { default: _d, ...rest } = p;
              return v === undefined ? rest : { ...rest, default: v as never };
            }, 'default')} />
        </div>
      </div>
      {defaultError && <div className="ins-error">{defaultError}</div>}
      <ParamDescription name={name} description={param.description} readOnly={readOnly} onChange={(v) => update((p) => {
        const { description: _d, ...rest } = p;
        return v ? { ...rest, description: v } : rest;
      }, 'description')} />
      <div className="ins-param-users">{users.length ? <>used by {users.map((u) => <code key={u}>{u}</code>)}</> : 'not used by any node'}
        {param.enum && <> · one of {param.enum.map((e) => formatValue(e, param.type)).join(', ')}</>}
      </div>
    </div>
  );
}

function ParamDescription({ name, description, readOnly, onChange }: { name: string; description?: string; readOnly: boolean; onChange(v: string): void }) {
  const draft = useDraft(description ?? '');
  return (
    <input className="k-input ins-param-desc" aria-label={`Description of ${name}`} value={draft.text} disabled={readOnly} placeholder="Description"
      onChange={(e) => { draft.setText(e.target.value); draft.committed(e.target.value); onChange(e.target.value); }} />
  );
}
