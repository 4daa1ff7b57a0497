/**
 * Designer commands shared by the toolbar, the keyboard shortcuts and the canvas: delete, copy, paste,
 * duplicate, select all, add from the palette, auto-layout. Each is one undo step.
 */
import { libraryOf, type Component } from '../../../shared/spec/schema.js';
import { reportError } from '../../app/toast.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { layoutPositions } from './auto-layout.js';
import { useCanvasUi } from './canvas.store.js';
import { FlowElementsCache } from './flow-elements.js';
import { editingBlocked } from './read-only.js';
import { addComponentNode, copyNodes, moveNodes, pasteNodes, removeElements, type ClipboardPayload } from './graph-edit.js';

const PASTE_STEP = 40;
let clipboard: ClipboardPayload | undefined;
let pasteCount = 0;

export function deleteSelection(): void {
  const { graph, selectedIds, selectedEdgeIds, commit } = useDesigner.getState();
  if ((!selectedIds.length && !selectedEdgeIds.length) || editingBlocked()) return;
  commit(removeElements(graph, selectedIds, selectedEdgeIds));
  useDesigner.getState().setSelection([], []);
}

export function copySelection(): boolean {
  const { graph, selectedIds } = useDesigner.getState();
  const payload = copyNodes(graph, new Set(selectedIds));
  if (!payload) return false;
  clipboard = payload;
  pasteCount = 0;
  return true;
}

export function paste(): void {
  if (!clipboard || editingBlocked()) return;
  pasteCount += 1;
  pasteInto(clipboard, pasteCount * PASTE_STEP);
}

export function duplicateSelection(): void {
  const { graph, selectedIds } = useDesigner.getState();
  const payload = copyNodes(graph, new Set(selectedIds));
  if (payload && !editingBlocked()) pasteInto(payload, PASTE_STEP);
}

function pasteInto(payload: ClipboardPayload, offset: number): void {
  const { graph, commit, setSelection } = useDesigner.getState();
  const result = pasteNodes(graph, payload, { x: offset, y: offset });
  commit(result.graph);
  setSelection(result.ids, []);
}

export function undo(): void {
  if (!editingBlocked()) useDesigner.getState().undo();
}

export function redo(): void {
  if (!editingBlocked()) useDesigner.getState().redo();
}

export function selectAll(): void {
  const { graph, setSelection } = useDesigner.getState();
  setSelection(graph.nodes.map((n) => n.id), graph.edges.map((e) => e.id));
}

/** Adds a component's node at a canvas position and selects it. */
export function addComponent(component: Component, at: { x: number; y: number }): void {
  if (editingBlocked()) return;
  const { graph, commit, select } = useDesigner.getState();
  const { graph: next, id } = addComponentNode(graph, component, at);
  commit(next);
  select(id);
}

export async function autoLayout(): Promise<void> {
  const ui = useCanvasUi.getState();
  const { graph, library } = useDesigner.getState();
  if (!graph.nodes.length || ui.layoutBusy || editingBlocked()) return;
  ui.setLayoutBusy(true);
  try {
    const { views } = new FlowElementsCache().build(graph, library ?? libraryOf([]), new Set(), new Set(), new Map());
    const positions = await layoutPositions(graph, views);
    const current = useDesigner.getState();
    // The user may have edited meanwhile; lay out what is there now, positions for nodes still present.
    current.commitLayout(moveNodes(current.graph, positions));
    useCanvasUi.getState().requestFit();
  } catch (e) {
    reportError('Auto-layout failed', e);
  } finally {
    useCanvasUi.getState().setLayoutBusy(false);
  }
}
