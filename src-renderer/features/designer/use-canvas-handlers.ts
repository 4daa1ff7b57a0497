/**
 * React Flow's callbacks for the canvas, all routed through the designer store: drags show live and
 * commit once at the end (one undo step, node marked as placed), selection mirrors the store, and a
 * connection is checked against the port types before it is made, with a toast saying why not.
 */
import { useReactFlow, type Connection, type Edge, type EdgeChange, type FinalConnectionState, type NodeChange, type OnConnectStartParams } from '@xyflow/react';
import { useCallback, useRef, useState, type DragEvent, type RefObject } from 'react';
import { compatible } from '../../../shared/spec/resolve.js';
import { toast } from '../../app/toast.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { addComponent } from './actions.js';
import { refusalReason } from './connection-rules.js';
import type { FlowElements, FlowNode } from './flow-elements.js';
import { connect, moveNodes, wouldCycle } from './graph-edit.js';
import { HEADER_HEIGHT } from './node-view.js';
import { COMPONENT_DRAG_TYPE } from './palette-drag.js';

type XY = { x: number; y: number };
const NONE: ReadonlyMap<string, XY> = new Map();

interface Ends { source: string; sourceHandle: string; target: string; targetHandle: string }

/** Why a connection is refused, or undefined when it may be made. */
function refusal(c: Ends, elements: FlowElements): string | undefined {
  const from = elements.views.get(c.source)?.outputs.find((p) => p.name === c.sourceHandle);
  const to = elements.views.get(c.target)?.inputs.find((p) => p.name === c.targetHandle);
  if (!from || !to) return 'Unknown port';
  if (c.source === c.target) return "A node can't feed itself";
  if (!compatible(from.type, to.type)) return refusalReason(from.type, to.type, to.name);
  if (wouldCycle(useDesigner.getState().graph, c.source, c.target)) return `That edge would make a loop: ${c.source} already depends on ${c.target}`;
  return undefined;
}

const asEnds = (c: Connection | Edge): Ends | undefined => (c.sourceHandle && c.targetHandle
  ? { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle } : undefined);

/** `elementsRef` holds the elements last rendered; the handlers read it when an event arrives. */
export function useCanvasHandlers(elementsRef: RefObject<FlowElements>, wrapper: RefObject<HTMLDivElement | null>) {
  const [dragging, setDragging] = useState<ReadonlyMap<string, XY>>(NONE);
  const draggingRef = useRef(dragging);
  draggingRef.current = dragging;
  const rf = useReactFlow();

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const store = useDesigner.getState();
    let drag: Map<string, XY> | undefined;
    let done: Map<string, XY> | undefined;
    let selection: Set<string> | undefined;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        if (c.dragging) (drag ??= new Map(draggingRef.current)).set(c.id, c.position);
        else (done ??= new Map()).set(c.id, c.position);
      } else if (c.type === 'select') {
        selection ??= new Set(store.selectedIds);
        if (c.selected) selection.add(c.id); else selection.delete(c.id);
      }
    }
    if (drag) setDragging(drag);
    if (done) {
      // Arrow-key nudges of the same nodes in quick succession coalesce into one undo step.
      store.commitLayout(moveNodes(store.graph, done), `move:${[...done.keys()].sort().join(',')}`);
      setDragging(NONE);
    }
    if (selection) store.setSelection([...selection], useDesigner.getState().selectedEdgeIds);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const store = useDesigner.getState();
    let selection: Set<string> | undefined;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      selection ??= new Set(store.selectedEdgeIds);
      if (c.selected) selection.add(c.id); else selection.delete(c.id);
    }
    if (selection) store.setSelection(useDesigner.getState().selectedIds, [...selection]);
  }, []);

  const isValidConnection = useCallback((c: Connection | Edge) => {
    const ends = asEnds(c);
    return Boolean(ends && !refusal(ends, elementsRef.current));
  }, [elementsRef]);

  const onConnect = useCallback((c: Connection) => {
    const ends = asEnds(c);
    if (!ends || refusal(ends, elementsRef.current)) return;
    const store = useDesigner.getState();
    store.commit(connect(store.graph, ends));
  }, [elementsRef]);

  // While dragging an edge the wrapper says what is being dragged; CSS lights up the handles that fit.
  const onConnectStart = useCallback((_: unknown, p: OnConnectStartParams) => {
    const view = p.nodeId ? elementsRef.current.views.get(p.nodeId) : undefined;
    const port = (p.handleType === 'source' ? view?.outputs : view?.inputs)?.find((x) => x.name === p.handleId);
    const el = wrapper.current;
    if (!el || !port || !p.handleType) return;
    el.dataset.connectFrom = p.handleType;
    el.dataset.connectType = port.type;
  }, [wrapper, elementsRef]);

  const onConnectEnd = useCallback((_: unknown, state: FinalConnectionState) => {
    const el = wrapper.current;
    if (el) { delete el.dataset.connectFrom; delete el.dataset.connectType; }
    const { fromHandle, toHandle, isValid } = state;
    if (!fromHandle || !toHandle || isValid || fromHandle.type === toHandle.type) return;
    const [src, dst] = fromHandle.type === 'source' ? [fromHandle, toHandle] : [toHandle, fromHandle];
    const why = refusal({ source: src.nodeId, sourceHandle: src.id ?? '', target: dst.nodeId, targetHandle: dst.id ?? '' }, elementsRef.current);
    if (why) toast.warning(why);
  }, [wrapper, elementsRef]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(COMPONENT_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const ref = e.dataTransfer.getData(COMPONENT_DRAG_TYPE);
    if (!ref) return;
    e.preventDefault();
    const component = useDesigner.getState().components.find((c) => `${c.metadata.id}@${c.metadata.version}` === ref);
    if (!component) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // The pointer holds the card by its header, as it held the palette item.
    addComponent(component, { x: p.x - 40, y: p.y - HEADER_HEIGHT / 2 });
  }, [rf]);

  return { dragging, onNodesChange, onEdgesChange, isValidConnection, onConnect, onConnectStart, onConnectEnd, onDragOver, onDrop };
}
