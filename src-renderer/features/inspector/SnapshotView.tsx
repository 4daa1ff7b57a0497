/** The inspector while a past run is shown: what a node ran with (inputs, resolved params), read-only. */
import { inputSource } from '../../../shared/spec/resolve.js';
import type { Snapshot } from '../../stores/runs.store.js';
import { useRuns } from '../../stores/runs.store.js';
import { formatValue } from './values.js';

const show = (v: unknown) => formatValue(v, typeof v === 'object' && v !== null ? 'json' : 'string').replace(/\n\s*/g, ' ');

export function SnapshotView({ snapshot, nodeId }: { snapshot: Snapshot; nodeId?: string }) {
  const node = snapshot.graph?.nodes.find((n) => n.id === nodeId)?.data.spec;
  const attempts = snapshot.nodes.filter((n) => n.nodeId === nodeId);
  const last = attempts[attempts.length - 1];
  const close = useRuns((s) => s.closeSnapshot);
  return (
    <>
      <div className="ins-readonly">
        <span>Run <code>{snapshot.runId.slice(0, 12)}</code> · read-only</span>
        <button type="button" className="k-btn small" onClick={close}>Back to editing</button>
      </div>
      {node ? (
        <>
          <header className="ins-head">
            <span className={`ins-kind kind-${node.kind}`}>{node.kind}</span>
            <div className="ins-head-text">
              <h2>{node.name ?? node.id}</h2>
              <div className="ins-sub">{node.uses ?? 'Inline container'}</div>
            </div>
          </header>
          {last && (
            <div className="ins-kv-block">
              <div className="ins-kv"><span>Status</span><span><span className={`k-dot ${last.status}`} /> {last.status}{attempts.length > 1 ? ` (attempt ${last.attempt})` : ''}</span></div>
              {last.exitCode !== null && <div className="ins-kv"><span>Exit code</span><code>{last.exitCode}</code></div>}
              {(last.error ?? last.reason) && <div className="ins-kv"><span>Reason</span><span>{last.error ?? last.reason}</span></div>}
            </div>
          )}
          <div className="ins-section-title">Inputs</div>
          <div className="ins-kv-block">
            {Object.entries(node.inputs ?? {}).map(([k, v]) => {
              const src = inputSource(v);
              return (
                <div key={k} className="ins-kv" data-testid={`field-${k}`}>
                  <span>{k}</span>
                  {src.kind === 'from' ? <code>from {src.node}.{src.output}</code>
                    : src.kind === 'param' ? <span><code>{src.param}</code> = {show(snapshot.params[src.param])}</span>
                      : <code>{show(src.value)}</code>}
                </div>
              );
            })}
          </div>
        </>
      ) : (
        <>
          <header className="ins-head">
            <span className="ins-kind kind-pipeline">run</span>
            <div className="ins-head-text">
              <h2>{snapshot.run.pipelineName}</h2>
              <div className="ins-sub">{snapshot.run.status} · {snapshot.run.executor} · select a node to see what it ran with</div>
            </div>
          </header>
          <div className="ins-section-title">Params of this run</div>
          <div className="ins-kv-block">
            {Object.keys(snapshot.params).length === 0 && <div className="ins-none">No params.</div>}
            {Object.entries(snapshot.params).map(([k, v]) => (
              <div key={k} className="ins-kv"><span className="k-mono">{k}</span><code>{show(v)}</code></div>
            ))}
          </div>
        </>
      )}
    </>
  );
}
