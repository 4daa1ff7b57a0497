/**
 * What a node card shows and where everything on it sits, computed from the spec alone: title, component
 * reference, a few key params, typed ports, and the exact size and handle positions. Declaring these up
 * front lets React Flow draw edges without measuring the DOM, which is what keeps large graphs fast.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { CanvasEdge } from '../../../shared/compiler/graph.js';
import { inputSource, literalType } from '../../../shared/spec/resolve.js';
import { isArtifactType, type Component, type NodeKind, type Pipeline, type PipelineNode, type PortType } from '../../../shared/spec/schema.js';

export interface Port {
  name: string;
  type: PortType;
  label?: string;
  optional?: boolean;
  description?: string;
}

export interface KeyParam {
  name: string;
  value: string;
  /** The value comes from a pipeline param (`{param: x}`), shown as `$x`. */
  ref: boolean;
}

export interface NodeView {
  kind: NodeKind;
  title: string;
  /** `component@version`, or what an inline node runs. */
  subtitle: string;
  params: KeyParam[];
  inputs: Port[];
  outputs: Port[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 224;
export const HEADER_HEIGHT = 48;
export const PARAM_ROW = 16;
export const PORT_ROW = 18;
export const SECTION_PAD = 5;
export const HANDLE_SIZE = 10;
const MAX_PARAMS = 3;
const MAX_VALUE = 24;

/** Top of the ports section, in px from the top of the node. */
export function portsTop(view: Pick<NodeView, 'params'>): number {
  return HEADER_HEIGHT + (view.params.length ? view.params.length * PARAM_ROW + 2 * SECTION_PAD : 0) + SECTION_PAD;
}

/** Vertical centre of the i-th port row. */
export function portCenterY(view: Pick<NodeView, 'params'>, index: number): number {
  return portsTop(view) + index * PORT_ROW + PORT_ROW / 2;
}

export function nodeHeight(params: number, rows: number): number {
  return HEADER_HEIGHT + (params ? params * PARAM_ROW + 2 * SECTION_PAD : 0) + (rows ? rows * PORT_ROW + 2 * SECTION_PAD : 0);
}

/** The outputs of a node: its component's, or what an inline node declares. */
export function outputsOf(spec: PipelineNode, component: Component | undefined): Port[] {
  if (component) return component.outputs.map((o) => ({ name: o.name, type: o.type, ...(o.description ? { description: o.description } : {}) }));
  return Object.entries(spec.outputs ?? {}).map(([name, o]) => ({ name, type: o.type, ...(o.description ? { description: o.description } : {}) }));
}

/**
 * The inputs of a node. A component declares them; an inline node's are whatever it sets, typed as
 * the shared resolver types them (from what is wired in, the param it reads, or the literal).
 */
export function inputsOf(
  spec: PipelineNode, component: Component | undefined, incoming: readonly CanvasEdge[],
  outputType: (node: string, output: string) => PortType | undefined, params: Pipeline['params'],
): Port[] {
  if (component) {
    return component.inputs.map((i) => ({
      name: i.name, type: i.type, ...(i.label ? { label: i.label } : {}),
      optional: Boolean(i.optional) || i.default !== undefined, ...(i.description ? { description: i.description } : {}),
    }));
  }
  const wired = new Map(incoming.map((e) => [e.targetHandle, e]));
  const names = [...new Set([...Object.keys(spec.inputs ?? {}), ...wired.keys()])];
  return names.map((name) => {
    const edge = wired.get(name);
    if (edge) return { name, type: outputType(edge.source, edge.sourceHandle) ?? 'file' };
    const src = inputSource(spec.inputs![name]!);
    const type: PortType = src.kind === 'literal' ? literalType(src.value) : src.kind === 'param' ? params?.[src.param]?.type ?? 'string' : 'file';
    return { name, type };
  });
}

/** Up to three values the node sets that are not wired from another node: what you want to see at a glance. */
export function keyParams(spec: PipelineNode, inputs: readonly Port[], wired: ReadonlySet<string>): KeyParam[] {
  const types = new Map(inputs.map((p) => [p.name, p.type]));
  const out: KeyParam[] = [];
  for (const [name, value] of Object.entries(spec.inputs ?? {})) {
    if (out.length >= MAX_PARAMS) break;
    const type = types.get(name);
    if (wired.has(name) || (type && isArtifactType(type))) continue;
    const src = inputSource(value);
    if (src.kind === 'from') continue;
    if (src.kind === 'param') out.push({ name, value: `$${src.param}`, ref: true });
    else out.push({ name, value: shortValue(src.value), ref: false });
  }
  return out;
}

export function shortValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try { s = JSON.stringify(v) ?? String(v); } catch { s = String(v); }
  }
  s = s.replace(/\s+/g, ' ');
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

export function subtitleOf(spec: PipelineNode): string {
  if (spec.uses) return spec.uses;
  const image = spec.container?.image;
  const program = spec.container?.command?.[0];
  return ['inline', image ?? program].filter(Boolean).join(' · ');
}

export function buildView(spec: PipelineNode, inputs: Port[], outputs: Port[], wired: ReadonlySet<string>): NodeView {
  const params = keyParams(spec, inputs, wired);
  return {
    kind: spec.kind, title: spec.name || spec.id, subtitle: subtitleOf(spec), params, inputs, outputs,
    width: NODE_WIDTH, height: nodeHeight(params.length, Math.max(inputs.length, outputs.length)),
  };
}

/** Handle bounds as React Flow wants them, matching where the card draws its handles. */
export function handlesOf(view: NodeView): NodeHandle[] {
  const h = HANDLE_SIZE;
  return [
    ...view.inputs.map((p, i) => ({ id: p.name, type: 'target' as const, position: Position.Left, x: -h / 2, y: portCenterY(view, i) - h / 2, width: h, height: h })),
    ...view.outputs.map((p, i) => ({ id: p.name, type: 'source' as const, position: Position.Right, x: view.width - h / 2, y: portCenterY(view, i) - h / 2, width: h, height: h })),
  ];
}
