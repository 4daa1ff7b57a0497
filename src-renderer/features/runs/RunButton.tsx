/** The Run button of the top bar and its dialog: executor, GPUs, param overrides, no-cache. */
import { useEffect, useState } from 'react';
import { Dialog } from '../../app/Dialog.js';
import { useUi } from '../../app/ui.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns, type Executor } from '../../stores/runs.store.js';
import { Switch } from '../inspector/controls.js';
import { ValueEditor } from '../inspector/ValueEditor.js';
import '../inspector/kit.css';
import './runs.css';

export const PlayIcon = () => <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden><path d="M3 1.8v8.4a.6.6 0 0 0 .9.5l6.6-4.2a.6.6 0 0 0 0-1L3.9 1.3a.6.6 0 0 0-.9.5z" fill="currentColor" /></svg>;

const EXECUTOR_LABEL: Record<Executor, string> = { process: 'Local processes', docker: 'Docker containers' };

export function RunButton() {
  const [open, setOpen] = useState(false);
  const busy = useRuns((s) => s.starting || s.activeRun?.status === 'running' || s.activeRun?.status === 'queued');
  useEffect(() => useRuns.getState().init(), []);
  return (
    <span className="pwk run-btn-wrap">
      <button type="button" className="k-btn primary run-btn" data-testid="btn-run" disabled={busy} onClick={() => setOpen(true)}
        title={busy ? 'A run is in progress' : 'Run this pipeline'}>
        <PlayIcon /> {busy ? 'Running…' : 'Run'}
      </button>
      {open && <RunDialog onClose={() => setOpen(false)} />}
    </span>
  );
}

function RunDialog({ onClose }: { onClose(): void }) {
  const executors = useRuns((s) => s.executors);
  const last = useRuns((s) => s.lastOptions);
  const starting = useRuns((s) => s.starting);
  const params = useDesigner((s) => s.graph.pipeline.params) ?? {};
  const issues = useDesigner((s) => s.issues);
  const errors = issues.filter((i) => i.severity === 'error');
  const gpuNodes = useDesigner((s) => s.graph.nodes.filter((n) => (n.data.spec.resources?.gpu ?? 0) > 0).length);
  const [executor, setExecutor] = useState<Executor>(executors.includes(last.executor) ? last.executor : executors[0] ?? 'process');
  const [gpu, setGpu] = useState(last.gpu);
  const [noCache, setNoCache] = useState(last.noCache);
  const [overrides, setOverrides] = useState<Record<string, unknown>>(() => Object.fromEntries(Object.entries(last.params).filter(([k]) => k in params)));
  const [bad, setBad] = useState<Record<string, string | undefined>>({});
  const invalid = Object.values(bad).some(Boolean);

  const start = async () => {
    const id = await useRuns.getState().start({ executor, gpu: executor === 'docker' && gpu, noCache, params: overrides });
    if (id) {
      onClose();
      useUi.getState().setBottomTab('logs');
    }
  };

  return (
    <Dialog title="Run pipeline" testId="run-dialog" wide onClose={onClose} footer={(
      <>
        <button type="button" className="pw-btn" onClick={onClose}>Cancel</button>
        <button type="button" className="pw-btn is-primary" data-testid="run-start" disabled={starting || invalid || errors.length > 0} onClick={() => void start()}>
          {starting ? 'Starting…' : 'Start run'}
        </button>
      </>
    )}>
      <div className="pwk run-dialog">
        {errors.length > 0 && (
          <div className="run-dialog-problems" role="alert">
            <strong>{errors.length} problem{errors.length > 1 ? 's' : ''} must be fixed first.</strong> {errors[0]!.message}
            <button type="button" className="k-btn small" onClick={() => { useUi.getState().setBottomTab('problems'); onClose(); }}>Show problems</button>
          </div>
        )}
        <label className="run-row">
          <span className="run-row-label">Run on</span>
          <select className="k-select" data-testid="run-executor" value={executor} onChange={(e) => setExecutor(e.target.value as Executor)}>
            {executors.map((x) => <option key={x} value={x}>{EXECUTOR_LABEL[x]}</option>)}
          </select>
        </label>
        <div className="run-row-help">
          {executor === 'process' ? 'Each node runs as a Python process on this machine, in its own scratch folder; relative file paths in its inputs start from the pipeline file’s folder.' : 'Each node runs in its container image on the local Docker engine.'}
        </div>
        {executor === 'docker' && (
          <div className="run-row">
            <span className="run-row-label">GPUs</span>
            <div className="k-switch-row">
              <Switch checked={gpu} onChange={setGpu} testId="run-gpu" label="Use GPUs" />
              <span>{gpu ? 'Give GPUs to the nodes that request them' : 'Run GPU nodes on the CPU'}{gpuNodes ? ` (${gpuNodes} node${gpuNodes > 1 ? 's' : ''} request${gpuNodes > 1 ? '' : 's'} GPUs)` : ''}</span>
            </div>
          </div>
        )}
        <div className="run-row">
          <span className="run-row-label">Cache</span>
          <label className="k-switch-row run-check">
            <input type="checkbox" data-testid="run-no-cache" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
            <span>Run every node again (ignore cached results)</span>
          </label>
        </div>
        {Object.keys(params).length > 0 && (
          <div className="run-params">
            <div className="run-params-head">
              <span>Params</span>
              {Object.keys(overrides).length > 0 && <button type="button" className="k-btn ghost small" onClick={() => { setOverrides({}); setBad({}); }}>Reset all to defaults</button>}
            </div>
            {Object.entries(params).map(([name, p]) => (
              <div key={name} className={`run-param${name in overrides ? ' changed' : ''}`}>
                <label className="run-param-name" htmlFor={`run-param-${name}`} title={p.description}>
                  <code>{name}</code><span>{p.type}</span>
                </label>
                <div className="run-param-value">
                  <ValueEditor decl={{ ...p, name }} value={overrides[name]} required={false} id={`run-param-${name}`} testId={`run-param-${name}`}
                    onError={(err) => setBad((b) => ({ ...b, [name]: err }))}
                    onChange={(v) => setOverrides((o) => {
                      const { [name]: _old, ...rest } = o;
                      return v === undefined || JSON.stringify(v) === JSON.stringify(p.default) ? rest : { ...rest, [name]: v };
                    })} />
                  {bad[name] && <div className="ins-error">{bad[name]}</div>}
                </div>
              </div>
            ))}
          </div>
        )}
      </div>
    </Dialog>
  );
}
