/**
 * The pure part of the inspector: reading what a user typed into a typed value, checking a value against
 * an input's constraints before it reaches the spec, and graph rewrites (renaming a node or a param).
 */
import type { CanvasGraph } from '../../../shared/compiler/graph.js';
import { isDns1123Label } from '../../../shared/spec/names.js';
import { inputSource } from '../../../shared/spec/resolve.js';
import { isArtifactType, type InputValue, type PipelineNode, type PortType } from '../../../shared/spec/schema.js';

export interface Constraints {
  type: PortType;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export type Parsed = { ok: true; value: unknown } | { ok: true; empty: true } | { ok: false; error: string };

/** Reads the text of a field as a value of `type`; empty text means "unset". */
export function parseText(text: string, type: PortType): Parsed {
  if (type === 'string' || isArtifactType(type)) return text === '' ? { ok: true, empty: true } : { ok: true, value: text };
  const t = text.trim();
  if (t === '') return { ok: true, empty: true };
  if (type === 'number') {
    const n = Number(t);
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: 'Enter a number, e.g. 0.5' };
  }
  if (type === 'integer') {
    return /^[-+]?\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? { ok: true, value: Number(t) } : { ok: false, error: 'Enter a whole number' };
  }
  if (type === 'boolean') return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, error: 'Use true or false' };
  try {
    return { ok: true, value: JSON.parse(t) as unknown };
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '')}` };
  }
}

/** The text a field shows for a value. */
export function formatValue(value: unknown, type: PortType): string {
  if (value === undefined) return '';
  if (type === 'json' || (typeof value === 'object' && value !== null)) {
    return typeof value === 'object' && value !== null && JSON.stringify(value).length > 40 ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  }
  return String(value);
}

/** Why a value does not fit its input, in words; undefined when it fits. */
export function checkValue(value: unknown, c: Constraints): string | undefined {
  switch (c.type) {
    case 'string': if (typeof value !== 'string') return 'Must be text'; break;
    case 'number': if (typeof value !== 'number' || !Number.isFinite(value)) return 'Must be a number'; break;
    case 'integer': if (typeof value !== 'number' || !Number.isInteger(value)) return 'Must be a whole number'; break;
    case 'boolean': if (typeof value !== 'boolean') return 'Must be true or false'; break;
    default: break;
  }
  if (c.enum && !c.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `Must be one of ${c.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  if (typeof value === 'number') {
    if (c.minimum !== undefined && value < c.minimum) return `Must be at least ${c.minimum}`;
    if (c.maximum !== undefined && value > c.maximum) return `Must be at most ${c.maximum}`;
  }
  if (typeof value === 'string' && c.pattern) {
    let re: RegExp | undefined;
    try { re = new RegExp(c.pattern, 'u'); } catch { re = undefined; }
    if (re && !re.test(value)) return `Must match the pattern ${c.pattern}`;
  }
  return undefined;
}

/** A literal as the spec writes it: lists, objects and null need the `{value: ...}` form. */
export function literalInput(value: unknown): InputValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : { value: value as never };
}

/** Sets (or, with undefined, removes) one input of a node, keeping the order of the others. */
export function withInput(node: PipelineNode, name: string, value: InputValue | undefined): PipelineNode {
  const inputs = { ...node.inputs };
  if (value === undefined) delete inputs[name];
  else inputs[name] = value;
  return { ...node, inputs };
}

/** Why `id` cannot be the id of `self`; undefined when it can. */
export function nodeIdError(id: string, graph: CanvasGraph, self: string): string | undefined {
  if (!id) return 'A node needs an id';
  if (!isDns1123Label(id)) return 'Lowercase letters, digits and -, starting and ending with a letter or digit (at most 63)';
  if (id !== self && graph.nodes.some((n) => n.id === id)) return `Another node is already called ${id}`;
  return undefined;
}

/** Renames a node everywhere: the node, the edges in and out, and `from` references to it. */
export function renameNode(graph: CanvasGraph, from: string, to: string): CanvasGraph {
  const ref = (v: InputValue): InputValue => {
    const src = inputSource(v);
    return src.kind === 'from' && src.node === from ? { from: `${to}.${src.output}` } : v;
  };
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const spec = n.data.spec;
      const inputs = spec.inputs ? Object.fromEntries(Object.entries(spec.inputs).map(([k, v]) => [k, ref(v)])) : undefined;
      const next = { ...spec, ...(n.id === from ? { id: to } : {}), ...(inputs ? { inputs } : {}) };
      return { ...n, id: n.id === from ? to : n.id, data: { ...n.data, spec: next } };
    }),
    edges: graph.edges.map((e) => {
      if (e.source !== from && e.target !== from) return e;
      const source = e.source === from ? to : e.source;
      const target = e.target === from ? to : e.target;
      return { ...e, source, target, id: `${source}.${e.sourceHandle}->${target}.${e.targetHandle}` };
    }),
  };
}

/** Renames a pipeline param (keeping its place) and every `{param: ...}` that reads it. */
export function renameParam(graph: CanvasGraph, from: string, to: string): CanvasGraph {
  const params = Object.fromEntries(Object.entries(graph.pipeline.params ?? {}).map(([k, v]) => [k === from ? to : k, v]));
  return {
    ...graph,
    pipeline: { ...graph.pipeline, params },
    nodes: graph.nodes.map((n) => {
      const inputs = n.data.spec.inputs;
      if (!inputs || !Object.values(inputs).some((v) => isParamRef(v, from))) return n;
      const next = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isParamRef(v, from) ? { param: to } : v]));
      return { ...n, data: { ...n.data, spec: { ...n.data.spec, inputs: next } } };
    }),
  };
}

function isParamRef(v: InputValue, name: string): boolean {
  return typeof v === 'object' && v !== null && 'param' in v && v.param === name;
}

/** Nodes that read a param, for the params table. */
export function paramUsers(graph: CanvasGraph, name: string): string[] {
  return graph.nodes.filter((n) => Object.values(n.data.spec.inputs ?? {}).some((v) => isParamRef(v, name))).map((n) => n.id);
}

/** Types a param may have to feed an input of `type`. */
export function paramFits(paramType: PortType, inputType: PortType): boolean {
  return paramType === inputType || (inputType === 'number' && paramType === 'integer')
    || (inputType === 'string' && (paramType === 'number' || paramType === 'integer' || paramType === 'boolean'));
}
