/**
 * The node card: kind icon, name, component reference, key params, validation badge, run status and one
 * labelled, typed handle per port. Zoomed far out it becomes a bare coloured box (no handles, no text),
 * so thousands of nodes stay cheap to draw.
 */
import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useDesigner } from '../../stores/designer.store.js';
import { acceptsList, feedsList } from './connection-rules.js';
import type { FlowNode } from './flow-elements.js';
import { KindIcon } from './icons.js';
import { issuesByNode } from './node-issues.js';
import { HEADER_HEIGHT, PARAM_ROW, PORT_ROW, SECTION_PAD, portCenterY, portsTop, type NodeView, type Port } from './node-view.js';
import { DriftReportLink, RunStatusChip } from './RunStatusChip.js';
import { useNodeRunStatus } from './run-status.js';

/** Below this zoom a card's text is unreadable anyway; draw a box (with a big title) instead. */
export const LOD_ZOOM = 0.45;
/** Below this even a big title is unreadable: a bare box. */
export const BARE_ZOOM = 0.2;
/** Up to this many nodes full cards cost little, so they stay full down to BARE_ZOOM (a fitted example is ~0.3). */
export const SMALL_GRAPH = 200;
/** 2: full card, 1: box with title, 0: bare box. A number, so cards re-render only when the tier changes. */
export const detailTier = (s: { transform: [number, number, number]; nodeLookup: { size: number } }) => {
  const zoom = s.transform[2];
  if (zoom >= LOD_ZOOM || (zoom >= BARE_ZOOM && s.nodeLookup.size <= SMALL_GRAPH)) return 2;
  return zoom >= BARE_ZOOM ? 1 : 0;
};

function PipelineNodeCardImpl({ id, data, selected }: NodeProps<FlowNode>) {
  const tier = useStore(detailTier);
  const { view } = data;
  // A string keeps the selector's result stable, so a card re-renders only when its own counts change.
  const counts = useDesigner((s) => {
    const c = issuesByNode(s.issues).get(id);
    return c ? [c.errors, c.warnings, c.first ?? ''].join('\u0000') : '';
  });
  const run = useNodeRunStatus(id);
  const [e = '0', w = '0', firstIssue = ''] = counts ? counts.split('\u0000') : [];
  const errors = Number(e);
  const warnings = Number(w);
  const classes = ['pw-node', `pw-kind-${view.kind}`, selected ? 'is-selected' : '', run ? `run-${run.status}` : '', errors ? 'has-errors' : ''].join(' ');

  if (tier < 2) {
    return (
      <div className={`${classes} pw-node--lod`} style={{ width: view.width, height: view.height }} data-testid={`node-${id}`} data-lod={tier}>
        {tier === 1 && <span className="pw-node__lod-title">{view.title}</span>}
        <MeasureMarkers view={view} />
      </div>
    );
  }
  return (
    <div className={classes} style={{ width: view.width, height: view.height }} data-testid={`node-${id}`} data-kind={view.kind}>
      <div className="pw-node__head" style={{ height: HEADER_HEIGHT }}>
        <span className="pw-node__icon"><KindIcon kind={view.kind} size={15} /></span>
        <div className="pw-node__titles">
          <div className="pw-node__line">
            <span className="pw-node__title" title={`${view.title} — id: ${id}`}>{view.title}</span>
            {errors > 0 && <span className="pw-badge pw-badge--error" title={firstIssue} data-testid={`node-${id}-errors`}>{errors}</span>}
            {warnings > 0 && <span className="pw-badge pw-badge--warning" title={errors ? undefined : firstIssue} data-testid={`node-${id}-warnings`}>{warnings}</span>}
          </div>
          <div className="pw-node__line">
            <span className="pw-node__sub" title={view.subtitle}>{view.subtitle}</span>
            {run && <RunStatusChip run={run} nodeId={id} />}
            {run && <DriftReportLink nodeId={id} />}
          </div>
        </div>
      </div>
      {view.params.length > 0 && <Params view={view} />}
      <Ports view={view} nodeId={id} />
    </div>
  );
}

function Params({ view }: { view: NodeView }) {
  return (
    <div className="pw-node__params" style={{ top: HEADER_HEIGHT, height: view.params.length * PARAM_ROW + 2 * SECTION_PAD }}>
      {view.params.map((p, i) => (
        <div key={p.name} className="pw-param" style={{ top: SECTION_PAD + i * PARAM_ROW, height: PARAM_ROW }}>
          <span className="pw-param__name">{p.name}</span>
          <span className={p.ref ? 'pw-param__value is-ref' : 'pw-param__value'} title={p.value}>{p.value}</span>
        </div>
      ))}
    </div>
  );
}

function Ports({ view, nodeId }: { view: NodeView; nodeId: string }) {
  const top = portsTop(view);
  return (
    <>
      {view.inputs.map((p, i) => <PortRow key={`in-${p.name}`} port={p} side="in" top={top + i * PORT_ROW} />)}
      {view.outputs.map((p, i) => <PortRow key={`out-${p.name}`} port={p} side="out" top={top + i * PORT_ROW} />)}
      {view.inputs.map((p, i) => (
        <Handle key={`h-in-${p.name}`} id={p.name} type="target" position={Position.Left} style={{ top: portCenterY(view, i) }}
          className={`pw-handle pw-pt-${p.type}`} data-accepts={acceptsList(p.type)} data-porttype={p.type}
          data-testid={`handle-${nodeId}-in-${p.name}`} title={`${p.name}: ${p.type}`} />
      ))}
      {view.outputs.map((p, i) => (
        <Handle key={`h-out-${p.name}`} id={p.name} type="source" position={Position.Right} style={{ top: portCenterY(view, i) }}
          className={`pw-handle pw-pt-${p.type}`} data-feeds={feedsList(p.type)} data-porttype={p.type}
          data-testid={`handle-${nodeId}-out-${p.name}`} title={`${p.name}: ${p.type}`} />
      ))}
    </>
  );
}

function PortRow({ port, side, top }: { port: Port; side: 'in' | 'out'; top: number }) {
  return (
    <div className={`pw-port pw-port--${side}${port.optional ? ' is-optional' : ''}`} style={{ top, height: PORT_ROW }}
      title={[port.label, port.description].filter(Boolean).join(' — ') || undefined}>
      <span className="pw-port__label">{port.name}</span>
    </div>
  );
}

/**
 * React Flow measures a node's handles from the DOM once, when the node mounts (and when its size
 * changes), replacing the declared ones. A box drawn zoomed out has no handles, which would leave its
 * edges with nowhere to attach. So for the first frames after mounting or resizing, the box carries
 * invisible stand-ins at the declared positions; then they go, and the box is bare again.
 */
function MeasureMarkers({ view }: { view: NodeView }) {
  const [measured, setMeasured] = useState<NodeView | undefined>(undefined);
  useEffect(() => {
    // The measuring happens after layout in the next frame; two frames on, the stand-ins can go.
    let second = 0;
    const first = requestAnimationFrame(() => { second = requestAnimationFrame(() => setMeasured(view)); });
    return () => { cancelAnimationFrame(first); cancelAnimationFrame(second); };
  }, [view]);
  if (measured === view) return null;
  return (
    <>
      {view.inputs.map((p, i) => <span key={`i-${p.name}`} className="pw-marker target" data-handleid={p.name} data-handlepos="left" style={{ top: portCenterY(view, i) }} />)}
      {view.outputs.map((p, i) => <span key={`o-${p.name}`} className="pw-marker source pw-marker--right" data-handleid={p.name} data-handlepos="right" style={{ top: portCenterY(view, i) }} />)}
    </>
  );
}

export const PipelineNodeCard = memo(PipelineNodeCardImpl);
