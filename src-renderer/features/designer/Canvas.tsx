/**
 * The pipeline canvas: React Flow over the designer store. Nodes and edges are derived from the store's
 * graph (reusing unchanged objects), only visible elements render, and the view follows requests from
 * the rest of the app (fit, reveal a node, a newly opened document).
 */
import { Controls, ReactFlow, SelectionMode, useReactFlow, useStore, type FitViewOptions } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SlotBoundary } from '../../app/SlotBoundary.js';
import { useUi } from '../../app/ui.store.js';
import { useRuns } from '../../stores/runs.store.js';
import { SnapshotBanner } from '../runs/SnapshotBanner.js';
import { useDesigner } from '../../stores/designer.store.js';
import { toast } from '../../app/toast.store.js';
import { autoLayout } from './actions.js';
import { useCanvasUi } from './canvas.store.js';
import { connectionCss } from './connection-rules.js';
import { DotsBackground } from './DotsBackground.js';
import { FindNode } from './FindNode.js';
import { hasOverlap } from './overlap.js';
import { FlowElementsCache, type FlowElements, type FlowNode } from './flow-elements.js';
import { CanvasOverview, useOverviewFlow, useOverviewSelection } from './OverviewLayer.js';
import { detailTier, PipelineNodeCard } from './PipelineNodeCard.js';
import { useCanvasHandlers } from './use-canvas-handlers.js';

const NODE_TYPES = { pipeline: PipelineNodeCard };
const CONNECTION_CSS = connectionCss('.pw-canvas');
const MINIMAP_SIZE = { width: 176, height: 116 };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
// Zoomed out into the overview React Flow's nodes are hidden: fitting must still count them.
const CONTROLS_FIT: FitViewOptions = { includeHiddenNodes: true };

export function Canvas() {
  const { graph, library, selectedIds, selectedEdgeIds } = useDesigner(useShallow((s) => ({
    graph: s.graph, library: s.library, selectedIds: s.selectedIds, selectedEdgeIds: s.selectedEdgeIds,
  })));
  const theme = useUi((s) => s.theme);
  // A past run's DAG, shown read-only instead of the document while the user looks at that run.
  const snapshotGraph = useRuns((s) => s.snapshot?.graph);
  const snapshot = useRuns((s) => Boolean(s.snapshot));
  const shown = snapshotGraph ?? graph;
  const wrapper = useRef<HTMLDivElement>(null);
  const cache = useRef(new FlowElementsCache());
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const selectedEdges = useMemo(() => new Set(selectedEdgeIds), [selectedEdgeIds]);
  // The handlers need the elements and the elements need the live drag positions the handlers keep:
  // a ref breaks the cycle, since the handlers only read the elements when an event arrives.
  const elementsRef = useRef<FlowElements>({ nodes: [], edges: [], views: new Map() });
  const handlers = useCanvasHandlers(elementsRef, wrapper);
  const elements = useMemo(
    () => cache.current.build(shown, library, selected, selectedEdges, handlers.dragging),
    [shown, library, selected, selectedEdges, handlers.dragging],
  );
  elementsRef.current = elements;
  const viewReady = useViewRequests(elements.nodes);
  const tier = useStore(detailTier);
  // Bare boxes are drawn on the overview canvas instead: React Flow gets hidden nodes and no edges.
  const flow = useOverviewFlow(elements, !viewReady);
  const overviewSelection = useOverviewSelection(elementsRef);

  return (
    <div className={snapshot ? 'pw-canvas is-snapshot' : 'pw-canvas'} ref={wrapper} data-testid="canvas" data-readonly={snapshot || undefined}
      data-lod={tier < 2 ? tier : undefined}
      onDragOver={handlers.onDragOver} onDrop={handlers.onDrop}>
      <style>{CONNECTION_CSS}</style>
      <ReactFlow<FlowNode>
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={handlers.onNodesChange}
        onEdgesChange={handlers.onEdgesChange}
        onConnect={handlers.onConnect}
        onConnectStart={handlers.onConnectStart}
        onConnectEnd={handlers.onConnectEnd}
        isValidConnection={handlers.isValidConnection}
        onNodeDoubleClick={() => useUi.getState().setRightTab('inspector')}
        onPaneClick={overviewSelection.onPaneClick}
        onSelectionEnd={overviewSelection.onSelectionEnd}
        colorMode={theme}
        nodesDraggable={!snapshot}
        nodesConnectable={!snapshot}
        onlyRenderVisibleElements
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        selectionMode={SelectionMode.Partial}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        connectionRadius={28}
        nodeDragThreshold={2}
        minZoom={0.05}
        maxZoom={2.5}
        elevateEdgesOnSelect
        attributionPosition="top-right"
      >
        <DotsBackground gap={20} size={1.2} />
        <Controls position="bottom-left" showInteractive={false} fitViewOptions={CONTROLS_FIT} />
        <CanvasOverview elements={elements} active={flow.draw} snapshot={snapshot} theme={theme} minimap={shown.nodes.length > 0 ? MINIMAP_SIZE : undefined} />
      </ReactFlow>
      <FindNode />
      {snapshot && <div className="pw-canvas__banner"><SlotBoundary name="Snapshot"><SnapshotBanner /></SlotBoundary></div>}
      {shown.nodes.length === 0 && (
        <div className="pw-canvas__empty" data-testid="canvas-empty">
          <div className="pw-canvas__empty-title">This pipeline has no steps yet</div>
          <div>Drag a component from the palette onto the canvas, or click one to add it.</div>
        </div>
      )}
    </div>
  );
}

/**
 * Fits a newly opened document, and follows fit and reveal requests from the toolbar, Find and Problems.
 * Returns whether the open document's first view is set.
 */
function useViewRequests(nodes: FlowNode[]): boolean {
  const rf = useReactFlow();
  const docVersion = useDesigner((s) => s.docVersion);
  const reveal = useDesigner((s) => s.reveal);
  const fitSeq = useCanvasUi((s) => s.fitSeq);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const [viewDoc, setViewDoc] = useState<number>();

  useEffect(() => {
    let fallback: ReturnType<typeof setTimeout> | undefined;
    // A frame later React Flow has the new nodes in its store.
    const t = requestAnimationFrame(() => {
      const { viewport: vp, nodes: docNodes } = useDesigner.getState().graph;
      // fitView on an empty canvas would wait for the first node and then jump to it: start at 1:1.
      const applied = vp ? rf.setViewport(vp)
        : docNodes.length ? rf.fitView({ padding: 0.15, maxZoom: 1, includeHiddenNodes: true })
          : rf.setViewport({ x: 40, y: 40, zoom: 1 });
      // fitView lands a frame later; should it never report back, show the document anyway.
      const ready = () => { clearTimeout(fallback); setViewDoc(docVersion); };
      void applied.then(ready);
      fallback = setTimeout(ready, 1000);
      // Layouts written for other card sizes (or by hand) can pile cards up; offer to tidy, never do it unasked.
      if (docVersion && hasOverlap(nodesRef.current)) {
        toast.info('Some steps overlap in this layout', 'Auto-layout arranges them left to right; undo restores this layout.', { label: 'Auto-layout', run: () => void autoLayout() });
      }
    });
    return () => { cancelAnimationFrame(t); clearTimeout(fallback); };
  }, [docVersion, rf]);

  useEffect(() => {
    if (fitSeq) void rf.fitView({ padding: 0.15, maxZoom: 1.2, duration: 250, includeHiddenNodes: true });
  }, [fitSeq, rf]);

  useEffect(() => {
    if (!reveal) return;
    const n = nodesRef.current.find((x) => x.id === reveal.nodeId);
    if (!n) return;
    const { width, height } = n.data.view;
    void rf.setCenter(n.position.x + width / 2, n.position.y + height / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
  }, [reveal, rf]);

  return viewDoc === docVersion;
}
