/**
 * The open pipeline: the canvas graph is the truth while editing (positions, wiring, node specs), the spec
 * is derived from it for validation, YAML and saving. Every edit goes through `commit`, which keeps the
 * undo history, marks the document dirty and re-validates with the shared validator.
 */
import { stringify } from 'yaml';
import { create } from 'zustand';
import { graphToSpec, specToGraph, type CanvasGraph } from '../../shared/compiler/graph.js';
import type { Issue } from '../../shared/spec/issues.js';
import { libraryOf, type Component, type ComponentLibrary, type Pipeline, type PipelineNode } from '../../shared/spec/schema.js';
import { validatePipeline, validateSpec } from '../../shared/spec/validate.js';

const HISTORY_LIMIT = 200;

export function emptySpec(name = 'untitled'): Pipeline {
  return { apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name }, params: {}, nodes: [], layout: { nodes: {} } };
}

export interface DesignerState {
  graph: CanvasGraph;
  /** File on disk, undefined for a new pipeline. */
  filePath?: string;
  modifiedAt?: number;
  dirty: boolean;
  components: Component[];
  library: ComponentLibrary;
  issues: Issue[];
  /** YAML the user typed that does not parse; the canvas keeps the last good graph meanwhile. */
  yamlDraft?: string;
  selectedNodeId?: string;
  /** Every selected node (multi-select); `selectedNodeId` is the primary one the inspector shows. */
  selectedIds: string[];
  selectedEdgeIds: string[];
  /** A field the inspector should focus and reveal, as a spec path (e.g. ['nodes', 2, 'inputs', 'train']). */
  focusPath?: (string | number)[];
  /** Asks the canvas to centre a node; `seq` makes a repeated request for the same node distinct. */
  reveal?: { nodeId: string; seq: number };
  /** Bumped by `load`, so views know a different document arrived (fit the canvas, reset scroll). */
  docVersion: number;
  past: CanvasGraph[];
  future: CanvasGraph[];

  setComponents(components: Component[]): void;
  /** Opens a document (YAML text); problems in it are listed, and a spec that parses is shown. */
  load(text: string, filePath?: string, modifiedAt?: number, opts?: { dirty?: boolean }): void;
  /** Applies an edit: history, dirty marker, validation. Edits with the same `coalesce` key merge into one undo step. */
  commit(next: CanvasGraph, coalesce?: string): void;
  /** Like `commit` for position-only edits (moves, auto-layout): positions cannot change any issue, so it skips re-validation. */
  commitLayout(next: CanvasGraph, coalesce?: string): void;
  updateNode(id: string, fn: (node: PipelineNode) => PipelineNode, coalesce?: string): void;
  /** From the YAML editor: replaces the spec when it parses, keeping the layout it carries. */
  applyYaml(text: string): void;
  select(nodeId?: string): void;
  /** Sets the whole selection; the primary node stays if still selected, else becomes the last one. */
  setSelection(nodeIds: string[], edgeIds?: string[]): void;
  /** Selects a node (or none, for pipeline-level fields), centres it, and asks the inspector to focus `path`. */
  focus(nodeId: string | undefined, path: (string | number)[]): void;
  revealNode(nodeId: string): void;
  markSaved(filePath: string, modifiedAt: number): void;
  undo(): void;
  redo(): void;
  spec(): Pipeline;
  yaml(): string;
}

let lastCoalesce: { key: string; at: number } | undefined;

/**
 * Issues of each graph in the history, so undo and redo of a move (or anything validated before) do not
 * validate again: on a few thousand nodes validation takes a noticeable fraction of a second.
 */
const validated = new WeakMap<CanvasGraph, { library: ComponentLibrary; issues: Issue[] }>();

function issuesOf(graph: CanvasGraph, library: ComponentLibrary): Issue[] {
  const hit = validated.get(graph);
  if (hit && hit.library === library) return hit.issues;
  const issues = validatePipeline(graphToSpec(graph), { library }).issues;
  validated.set(graph, { library, issues });
  return issues;
}

export const useDesigner = create<DesignerState>()((set, get) => ({
  graph: specToGraph(emptySpec()),
  dirty: false,
  components: [],
  library: libraryOf([]),
  issues: [],
  selectedIds: [],
  selectedEdgeIds: [],
  docVersion: 0,
  past: [],
  future: [],

  setComponents: (components) => {
    const library = libraryOf(components);
    set({ components, library, issues: validatePipeline(get().spec(), { library }).issues });
  },

  load: (text, filePath, modifiedAt, opts) => {
    const { library } = get();
    const result = validateSpec(text, { ...(filePath ? { file: filePath } : {}), library });
    const spec = result.spec ?? (result.issues.some((i) => i.code === 'yaml-syntax') ? emptySpec() : undefined);
    const graph = specToGraph(spec ?? emptySpec());
    validated.set(graph, { library, issues: result.issues });
    set({
      graph, filePath, modifiedAt, dirty: Boolean(opts?.dirty), issues: result.issues,
      yamlDraft: result.spec ? undefined : text, selectedNodeId: undefined, past: [], future: [],
      selectedIds: [], selectedEdgeIds: [], focusPath: undefined, reveal: undefined, docVersion: get().docVersion + 1,
    });
  },

  commit: (next, coalesce) => {
    const now = Date.now();
    const merge = coalesce && lastCoalesce?.key === coalesce && now - lastCoalesce.at < 1000;
    lastCoalesce = coalesce ? { key: coalesce, at: now } : undefined;
    const { graph, past, library } = get();
    set({
      graph: next,
      past: merge ? past : [...past, graph].slice(-HISTORY_LIMIT),
      future: [],
      dirty: true,
      yamlDraft: undefined,
      issues: issuesOf(next, library),
      ...pruned(get(), next),
    });
  },

  commitLayout: (next, coalesce) => {
    const now = Date.now();
    const merge = coalesce && lastCoalesce?.key === coalesce && now - lastCoalesce.at < 1000;
    lastCoalesce = coalesce ? { key: coalesce, at: now } : undefined;
    const { graph, past, issues, library } = get();
    validated.set(next, { library, issues });
    set({ graph: next, past: merge ? past : [...past, graph].slice(-HISTORY_LIMIT), future: [], dirty: true, ...pruned(get(), next) });
  },

  updateNode: (id, fn, coalesce) => {
    const { graph } = get();
    get().commit({ ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, spec: fn(n.data.spec) } } : n)) }, coalesce);
  },

  applyYaml: (text) => {
    const { library } = get();
    const result = validateSpec(text, { library });
    if (!result.spec) { set({ yamlDraft: text, issues: result.issues, dirty: true }); return; }
    get().commit(specToGraph(result.spec), 'yaml');
    set({ issues: result.issues });
  },

  select: (nodeId) => set({ selectedNodeId: nodeId, selectedIds: nodeId ? [nodeId] : [], selectedEdgeIds: [], focusPath: undefined }),

  setSelection: (nodeIds, edgeIds = []) => {
    const { selectedNodeId, selectedIds, selectedEdgeIds } = get();
    if (sameIds(nodeIds, selectedIds) && sameIds(edgeIds, selectedEdgeIds)) return;
    const primary = selectedNodeId && nodeIds.includes(selectedNodeId) ? selectedNodeId : nodeIds[nodeIds.length - 1];
    set({
      selectedIds: nodeIds, selectedEdgeIds: edgeIds, selectedNodeId: primary,
      ...(primary === selectedNodeId ? {} : { focusPath: undefined }),
    });
  },

  focus: (nodeId, path) => {
    const exists = nodeId !== undefined && get().graph.nodes.some((n) => n.id === nodeId);
    const id = exists ? nodeId : undefined;
    set({ selectedNodeId: id, selectedIds: id ? [id] : [], selectedEdgeIds: [], focusPath: path });
    if (id) get().revealNode(id);
  },

  revealNode: (nodeId) => set({ reveal: { nodeId, seq: (get().reveal?.seq ?? 0) + 1 } }),
  markSaved: (filePath, modifiedAt) => set({ filePath, modifiedAt, dirty: false }),

  undo: () => {
    const { past, future, graph, library } = get();
    const prev = past[past.length - 1];
    if (!prev) return;
    set({
      graph: prev, past: past.slice(0, -1), future: [graph, ...future], dirty: true,
      issues: issuesOf(prev, library), ...pruned(get(), prev),
    });
  },

  redo: () => {
    const { past, future, graph, library } = get();
    const next = future[0];
    if (!next) return;
    set({
      graph: next, past: [...past, graph], future: future.slice(1), dirty: true,
      issues: issuesOf(next, library), ...pruned(get(), next),
    });
  },

  spec: () => graphToSpec(get().graph),
  yaml: () => stringify(get().spec(), { lineWidth: 0 }),
}));

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The selection without nodes and edges an edit (delete, undo) took away, so nothing points at a ghost. */
function pruned(s: DesignerState, graph: CanvasGraph): Partial<DesignerState> {
  if (!s.selectedIds.length && !s.selectedEdgeIds.length && !s.selectedNodeId) return {};
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const edges = new Set(graph.edges.map((e) => e.id));
  const selectedIds = s.selectedIds.filter((id) => nodes.has(id));
  const selectedEdgeIds = s.selectedEdgeIds.filter((id) => edges.has(id));
  const selectedNodeId = s.selectedNodeId && nodes.has(s.selectedNodeId) ? s.selectedNodeId : undefined;
  if (selectedIds.length === s.selectedIds.length && selectedEdgeIds.length === s.selectedEdgeIds.length && selectedNodeId === s.selectedNodeId) return {};
  return { selectedIds, selectedEdgeIds, selectedNodeId, ...(selectedNodeId ? {} : { focusPath: undefined }) };
}
