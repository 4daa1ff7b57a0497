/** Where and how a node runs: resources, retries with backoff, timeout and caching. */
import { useId } from 'react';
import { parseDuration, QUANTITY_PATTERN } from '../../../shared/spec/units.js';
import type { PipelineNode, Resources, Retries } from '../../../shared/spec/schema.js';
import { useDesigner } from '../../stores/designer.store.js';
import { Field, Section, Switch, useDraft } from './controls.js';

type Read = { ok: true; value: string | number | undefined } | { ok: false; error: string };
const QUANTITY = new RegExp(QUANTITY_PATTERN);

const quantity = (example: string) => (t: string): Read => {
  const s = t.trim();
  if (!s) return { ok: true, value: undefined };
  return QUANTITY.test(s) ? { ok: true, value: s } : { ok: false, error: `A size such as ${example}` };
};
const cpu = (t: string): Read => {
  const s = t.trim();
  if (!s) return { ok: true, value: undefined };
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) > 0 ? { ok: true, value: Number(s) } : { ok: false, error: 'More than 0 cores' };
  return QUANTITY.test(s) ? { ok: true, value: s } : { ok: false, error: 'Cores, e.g. 2 or 500m' };
};
const integer = (min: number, max: number) => (t: string): Read => {
  const s = t.trim();
  if (!s) return { ok: true, value: undefined };
  const n = Number(s);
  return /^\d+$/.test(s) && n >= min && n <= max ? { ok: true, value: n } : { ok: false, error: `A whole number from ${min} to ${max}` };
};
const duration = (t: string): Read => {
  const s = t.trim();
  if (!s) return { ok: true, value: undefined };
  if (/^\d+(\.\d+)?$/.test(s)) return { ok: true, value: Number(s) };
  return parseDuration(s) !== undefined && s.length >= 2 ? { ok: true, value: s } : { ok: false, error: 'Seconds, or e.g. 90s, 30m, 1h30m' };
};
const factor = (t: string): Read => {
  const s = t.trim();
  if (!s) return { ok: true, value: undefined };
  const n = Number(s);
  return Number.isFinite(n) && n >= 1 ? { ok: true, value: n } : { ok: false, error: 'A number of at least 1' };
};

function TextSetting({ label, path, value, placeholder, help, read, onCommit, testId, readOnly }: {
  label: string; path: string; value: string | number | undefined; placeholder: string; help?: string; testId: string; readOnly: boolean;
  read(t: string): Read; onCommit(v: string | number | undefined): void;
}) {
  const id = useId();
  const draft = useDraft(value === undefined ? '' : String(value));
  const result = read(draft.text);
  return (
    <Field label={label} path={path} htmlFor={id} help={help} error={result.ok ? undefined : result.error}>
      <input id={id} className="k-input" data-testid={testId} value={draft.text} placeholder={placeholder} disabled={readOnly} spellCheck={false}
        aria-invalid={!result.ok}
        onChange={(e) => {
          draft.setText(e.target.value);
          const r = read(e.target.value);
          if (r.ok) { draft.committed(r.value === undefined ? '' : String(r.value)); onCommit(r.value); }
        }} />
    </Field>
  );
}

export function NodeSettings({ nodeId, node, readOnly }: { nodeId: string; node: PipelineNode; readOnly: boolean }) {
  const update = (key: string, fn: (n: PipelineNode) => PipelineNode) => useDesigner.getState().updateNode(nodeId, fn, `${key}:${nodeId}`);
  const res = node.resources ?? {};
  const setRes = (k: keyof Resources) => (v: string | number | undefined) => update(`resources.${k}`, (n) => {
    const next: Record<string, unknown> = { ...n.resources, [k]: v };
    if (v === undefined) delete next[k];
    const { resources: _r, ...rest } = n;
    return Object.keys(next).length ? { ...n, resources: next as Resources } : rest;
  });

  const retries: Retries = typeof node.retries === 'number' ? { count: node.retries } : node.retries ?? { count: 0 };
  const hasRetries = node.retries !== undefined;
  const setRetries = (patch: (r: Retries) => Retries | undefined) => update('retries', (n) => {
    const cur: Retries = typeof n.retries === 'number' ? { count: n.retries } : n.retries ?? { count: 0 };
    const next = patch(cur);
    const { retries: _r, ...rest } = n;
    if (!next) return rest;
    const backoff = next.backoff && Object.keys(next.backoff).length ? next.backoff : undefined;
    return { ...n, retries: backoff ? { count: next.count, backoff } : next.count };
  });
  const setBackoff = (k: 'initial' | 'factor' | 'max') => (v: string | number | undefined) => setRetries((r) => {
    const backoff: Record<string, unknown> = { ...r.backoff, [k]: v };
    if (v === undefined) delete backoff[k];
    return { ...r, backoff: backoff as Retries['backoff'] };
  });

  return (
    <>
      <Section title="Resources">
        <div className="ins-grid">
          <TextSetting label="CPU" path="resources.cpu" testId="res-cpu" value={res.cpu} placeholder="e.g. 2 or 500m" read={cpu} onCommit={setRes('cpu')} readOnly={readOnly} />
          <TextSetting label="Memory" path="resources.memory" testId="res-memory" value={res.memory} placeholder="e.g. 4Gi" read={quantity('4Gi or 512Mi')} onCommit={setRes('memory')} readOnly={readOnly} />
          <TextSetting label="GPUs" path="resources.gpu" testId="res-gpu" value={res.gpu} placeholder="0" read={integer(0, 64)} onCommit={setRes('gpu')} readOnly={readOnly} />
          <TextSetting label="Shared memory" path="resources.shm" testId="res-shm" value={res.shm} placeholder="64Mi" read={quantity('2Gi')} onCommit={setRes('shm')} readOnly={readOnly} />
        </div>
      </Section>
      <Section title="Retries & timeout">
        <div className="ins-grid">
          <TextSetting label="Retries" path="retries" testId="retries-count" value={hasRetries ? retries.count : undefined} placeholder="0"
            read={integer(0, 20)} readOnly={readOnly}
            onCommit={(v) => setRetries((r) => (v === undefined && !r.backoff ? undefined : { ...r, count: (v as number | undefined) ?? 0 }))} />
          <TextSetting label="Timeout" path="timeout" testId="timeout" value={node.timeout} placeholder="none, e.g. 30m" read={duration} readOnly={readOnly}
            onCommit={(v) => update('timeout', (n) => { const { timeout: _t, ...rest } = n; return v === undefined ? rest : { ...n, timeout: v }; })} />
        </div>
        {(retries.count > 0 || retries.backoff) && (
          <div className="ins-grid three ins-backoff">
            <TextSetting label="First wait" path="retries.backoff.initial" testId="backoff-initial" value={retries.backoff?.initial} placeholder="1s" read={duration} onCommit={setBackoff('initial')} readOnly={readOnly} />
            <TextSetting label="Factor" path="retries.backoff.factor" testId="backoff-factor" value={retries.backoff?.factor} placeholder="2" read={factor} onCommit={setBackoff('factor')} readOnly={readOnly} />
            <TextSetting label="Longest wait" path="retries.backoff.max" testId="backoff-max" value={retries.backoff?.max} placeholder="5m" read={duration} onCommit={setBackoff('max')} readOnly={readOnly} />
          </div>
        )}
        <div className="ins-field" data-focus-path="cache">
          <div className="k-switch-row">
            <Switch checked={node.cache !== false} disabled={readOnly} testId="node-cache" label="Cache"
              onChange={(on) => update('cache', (n) => { const { cache: _c, ...rest } = n; return on ? rest : { ...n, cache: false }; })} />
            <span><strong className="ins-strong">Cache</strong> — reuse the outputs of an identical earlier execution</span>
          </div>
        </div>
      </Section>
    </>
  );
}
