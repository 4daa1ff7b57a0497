/**
 * The logs of one node of the live run (or of the run being viewed): history first, then new output as
 * it arrives; follow keeps the newest line in view, search shows the chunks holding every word.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useDesigner } from '../../stores/designer.store.js';
import { shownRunId, useRuns, type LogChunk } from '../../stores/runs.store.js';
import { STATUS_LABEL } from './format.js';
import '../inspector/kit.css';
import './runs.css';

export function LogPanel() {
  const runId = useRuns(shownRunId);
  const nodeId = useRuns((s) => s.selectedNodeId);
  const log = useRuns((s) => s.log);
  const follow = useRuns((s) => s.follow);
  const search = useRuns((s) => s.search);
  const status = useRuns((s) => (s.selectedNodeId ? s.nodeStatus[s.selectedNodeId] : undefined));
  const starting = useRuns((s) => s.starting);
  const viewing = useRuns((s) => Boolean(s.snapshot));
  const live = useRuns((s) => !s.snapshot && (s.activeRun?.status === 'running' || s.activeRun?.status === 'queued'));
  const runNodes = useRuns((s) => s.snapshot?.graph?.nodes.map((n) => n.id).join('\n') ?? s.activeRun?.nodes.join('\n'));
  const graphNodes = useDesigner((s) => s.graph.nodes);
  const canvasSelection = useDesigner((s) => s.selectedNodeId);
  const [query, setQuery] = useState(search);
  const body = useRef<HTMLPreElement>(null);
  const programmatic = useRef(false);
  const nodes = runNodes ? runNodes.split('\n') : graphNodes.map((n) => n.id);

  useEffect(() => useRuns.getState().init(), []);
  // Selecting a node on the canvas shows its logs.
  useEffect(() => { if (canvasSelection) useRuns.getState().selectNode(canvasSelection); }, [canvasSelection]);
  useEffect(() => { void useRuns.getState().loadLog(); }, [runId, nodeId]);
  useEffect(() => {
    const t = setTimeout(() => { if (query !== useRuns.getState().search) useRuns.getState().setSearch(query); }, 250);
    return () => clearTimeout(t);
  }, [query]);

  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !follow || search) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
  }, [log?.chunks, follow, search]);

  const onScroll = () => {
    const el = body.current;
    if (!el) return;
    if (programmatic.current) { programmatic.current = false; return; }
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atBottom !== follow) useRuns.getState().setFollow(atBottom);
  };

  let content: ReactNode;
  if (!runId) content = <Empty title="No run yet" text="Run the pipeline to see each node’s output here." />;
  else if (!nodeId) content = <Empty title="Pick a node" text="Select a node on the canvas, or choose one above, to see its output." />;
  else if (search && log?.hits) content = <Hits hits={log.hits} query={search} />;
  else if (log?.loading) content = null;
  else if (!log?.chunks.length) content = <Empty title={emptyTitle(status?.status)} text={emptyText(status?.status, status?.reason)} />;
  else {
    content = (
      <>
        {log.dropped > 0 && <span className="log-dropped">… {log.dropped} earlier chunks not shown</span>}
        {log.chunks.map((c) => <span key={c.seq} className={c.stream === 'stderr' ? 'log-err' : undefined}>{c.text}</span>)}
      </>
    );
  }

  return (
    <div className="pwk log-panel" data-testid="log-panel">
      <div className="log-toolbar">
        <select className="k-select log-node" data-testid="log-node" value={nodeId ?? ''} aria-label="Node"
          onChange={(e) => useRuns.getState().selectNode(e.target.value || undefined)}>
          <option value="">Choose a node…</option>
          {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        {status && <span className={`log-status is-${status.status}`}><span className={`k-dot ${status.status}`} />{STATUS_LABEL[status.status]}{status.attempt > 1 ? ` · attempt ${status.attempt}` : ''}</span>}
        <span className="log-spacer" />
        <input className="k-input log-search" type="search" data-testid="log-search" placeholder="Search this node’s logs" value={query}
          aria-label="Search logs" onChange={(e) => setQuery(e.target.value)} />
        <label className="log-follow" title="Keep the newest output in view">
          <input type="checkbox" data-testid="log-follow" checked={follow} onChange={(e) => useRuns.getState().setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" className="k-btn small" data-testid="btn-rerun-from" disabled={!nodeId || live || starting || viewing}
          title={nodeId ? `Run ${nodeId} and everything after it again; earlier nodes come from the cache` : 'Select a node first'}
          onClick={() => { if (nodeId) void useRuns.getState().rerunFrom(nodeId); }}>
          ↻ Re-run from here
        </button>
      </div>
      <pre ref={body} className="log-body" onScroll={onScroll} data-testid="log-body" tabIndex={0}>{content}</pre>
    </div>
  );
}

function Empty({ title, text }: { title: string; text: string }) {
  return <span className="log-empty"><strong>{title}</strong>{text && <span>{text}</span>}</span>;
}

function emptyTitle(status?: string): string {
  if (status === 'queued') return 'Waiting to start';
  if (status === 'running') return 'No output yet';
  if (status === 'cached') return 'Taken from the cache';
  if (status === 'skipped') return 'Skipped';
  return 'No output';
}

function emptyText(status?: string, reason?: string): string {
  if (status === 'queued') return 'This node starts when the nodes it needs have finished.';
  if (status === 'cached') return 'The node did not run: an identical earlier execution’s outputs were reused.';
  if (status === 'skipped') return reason ?? 'A node it depends on did not succeed.';
  if (status === 'running') return 'Output appears here as the node prints it.';
  return reason ?? 'This node printed nothing.';
}

/** Search hits: each matching chunk, the searched words highlighted. */
function Hits({ hits, query }: { hits: LogChunk[]; query: string }) {
  if (!hits.length) return <Empty title="No matches" text={`No output of this node holds every word of “${query}”.`} />;
  const words = query.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${words.join('|')})`, 'gi');
  return (
    <>
      <span className="log-hits-count">{hits.length} matching chunk{hits.length > 1 ? 's' : ''}</span>
      {hits.map((h) => (
        <span key={h.seq} className={`log-hit${h.stream === 'stderr' ? ' log-err' : ''}`}>
          {h.text.split(re).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}
        </span>
      ))}
    </>
  );
}
