/**
 * The resolved execution plan: nodes in topological order with their effective image, command template,
 * resolved parameter values and wiring. Executors and exporters consume only this, never the raw spec.
 */
import { resolveNodes, inputSource, type ResolvedNode } from '../spec/resolve.js';
import {
  isArtifactType, type ComponentLibrary, type EnvValue, type ParameterType, type Pipeline, type PortType, type Resources,
} from '../spec/schema.js';
import { parseDuration } from '../spec/units.js';

export type PlanInputSource =
  /** An artifact (file) another node produces. */
  | { kind: 'artifact'; node: string; output: string }
  /** A parameter value another node produces at run time. */
  | { kind: 'parameter'; node: string; output: string }
  /** Known before the run: a literal, a component default, or a pipeline param (named in `param`). */
  | { kind: 'value'; value: unknown; param?: string };

export interface PlanInput {
  name: string;
  type: PortType;
  source: PlanInputSource;
  /** The component's editor hint; `path` marks a host file the engine checksums and hands over. */
  format?: string;
}
export interface PlanOutput { name: string; type: PortType }

export interface PlanRetries { count: number; initialSeconds: number; factor: number; maxSeconds: number }

export interface PlanNode {
  id: string;
  kind: string;
  name?: string;
  component?: { id: string; version: string };
  image?: string;
  /** Program and arguments as templates holding {{inputs.x}} / {{outputs.y}}; see render.ts. */
  command: string[];
  env: Record<string, EnvValue>;
  workingDir?: string;
  /** Direct upstream nodes, in spec order. */
  dependsOn: string[];
  /** Inputs that have a value; unset optional inputs are left out. */
  inputs: PlanInput[];
  outputs: PlanOutput[];
  resources: Resources;
  retries: PlanRetries;
  timeoutSeconds?: number;
  cache: boolean;
}

export interface PlanParam { type: ParameterType; value: unknown; description?: string }

export interface Plan {
  name: string;
  description?: string;
  labels: Record<string, string>;
  params: Record<string, PlanParam>;
  /** Topological order; ties keep the order of the spec. */
  nodes: PlanNode[];
}

export class CompileError extends Error {}

const DEFAULT_RETRY = { initialSeconds: 1, factor: 2, maxSeconds: 300 };

/**
 * Builds the plan of a spec that validated without errors. `params` overrides pipeline param defaults
 * (already typed; see coerceParam). Throws CompileError on what validation should have caught.
 */
export function compilePlan(spec: Pipeline, library: ComponentLibrary, params: Record<string, unknown> = {}): Plan {
  for (const name of Object.keys(params)) {
    if (!spec.params?.[name]) throw new CompileError(`unknown pipeline param '${name}'`);
  }
  const planParams: Record<string, PlanParam> = {};
  for (const [name, p] of Object.entries(spec.params ?? {})) {
    const value = name in params ? params[name] : p.default;
    if (value === undefined) throw new CompileError(`pipeline param '${name}' has no default and no value was given`);
    planParams[name] = { type: p.type, value, ...(p.description ? { description: p.description } : {}) };
  }
  const resolved = resolveNodes(spec, library);
  const nodes = [...resolved.values()].map((r) => planNode(r, resolved, planParams));
  return {
    name: spec.metadata.name,
    ...(spec.metadata.description ? { description: spec.metadata.description } : {}),
    labels: spec.metadata.labels ?? {},
    params: planParams,
    nodes: topologicalOrder(nodes),
  };
}

function planNode(r: ResolvedNode, all: Map<string, ResolvedNode>, params: Record<string, PlanParam>): PlanNode {
  const { node } = r;
  const inputs: PlanInput[] = [];
  const dependsOn: string[] = [];
  for (const port of r.inputs) {
    const raw = node.inputs?.[port.name];
    const format = port.decl?.format ? { format: port.decl.format } : {};
    if (raw === undefined) {
      if (port.default !== undefined) inputs.push({ name: port.name, type: port.type, source: { kind: 'value', value: port.default }, ...format });
      continue;
    }
    const src = inputSource(raw);
    if (src.kind === 'from') {
      const upstream = all.get(src.node);
      const out = upstream?.outputs.find((o) => o.name === src.output);
      if (!upstream || !out) throw new CompileError(`node '${node.id}' input '${port.name}' reads unknown output '${src.node}.${src.output}'`);
      if (!dependsOn.includes(src.node)) dependsOn.push(src.node);
      const kind = isArtifactType(out.type) ? 'artifact' : 'parameter';
      inputs.push({ name: port.name, type: port.type, source: { kind, node: src.node, output: src.output }, ...format });
    } else if (src.kind === 'param') {
      const p = params[src.param];
      if (!p) throw new CompileError(`node '${node.id}' input '${port.name}' reads unknown pipeline param '${src.param}'`);
      inputs.push({ name: port.name, type: port.type, source: { kind: 'value', value: p.value, param: src.param }, ...format });
    } else {
      inputs.push({ name: port.name, type: port.type, source: { kind: 'value', value: src.value }, ...format });
    }
  }
  return {
    id: node.id,
    kind: node.kind,
    ...(node.name ? { name: node.name } : {}),
    ...(r.component ? { component: { id: r.component.metadata.id, version: r.component.metadata.version } } : {}),
    ...(r.image ? { image: r.image } : {}),
    command: r.command,
    env: r.env,
    ...(r.workingDir ? { workingDir: r.workingDir } : {}),
    dependsOn,
    inputs,
    outputs: r.outputs,
    resources: node.resources ?? {},
    retries: planRetries(node.retries),
    ...(node.timeout !== undefined ? { timeoutSeconds: parseDuration(node.timeout) } : {}),
    cache: node.cache ?? true,
  };
}

function planRetries(r: Pipeline['nodes'][number]['retries']): PlanRetries {
  if (r === undefined) return { count: 0, ...DEFAULT_RETRY };
  if (typeof r === 'number') return { count: r, ...DEFAULT_RETRY };
  return {
    count: r.count,
    initialSeconds: parseDuration(r.backoff?.initial ?? DEFAULT_RETRY.initialSeconds) ?? DEFAULT_RETRY.initialSeconds,
    factor: r.backoff?.factor ?? DEFAULT_RETRY.factor,
    maxSeconds: parseDuration(r.backoff?.max ?? DEFAULT_RETRY.maxSeconds) ?? DEFAULT_RETRY.maxSeconds,
  };
}

/** Kahn's algorithm, taking ready nodes in spec order so the plan is stable across runs. */
export function topologicalOrder(nodes: PlanNode[]): PlanNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const indegree = new Map(nodes.map((n) => [n.id, n.dependsOn.length]));
  const downstream = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const d of n.dependsOn) downstream.get(d)?.push(n.id);
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const ready = nodes.filter((n) => n.dependsOn.length === 0).map((n) => n.id);
  const order: PlanNode[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const next of downstream.get(id)!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((n) => !order.includes(n)).map((n) => n.id);
    throw new CompileError(`the pipeline has a cycle through ${stuck.join(', ')}`);
  }
  return order;
}

/** Every node downstream of `id` (not including it), for `--from NODE` and skip-on-failure. */
export function downstreamOf(plan: Plan, id: string): Set<string> {
  const out = new Set<string>();
  for (const n of plan.nodes) {
    if (n.dependsOn.some((d) => d === id || out.has(d))) out.add(n.id);
  }
  return out;
}

/** Reads a `--param k=v` text as the param's declared type; undefined when it does not parse. */
export function coerceParam(type: ParameterType, text: string): unknown {
  switch (type) {
    case 'string': return text;
    case 'number': { const n = Number(text); return text.trim() !== '' && Number.isFinite(n) ? n : undefined; }
    case 'integer': { const n = Number(text); return /^-?\d+$/.test(text.trim()) ? n : undefined; }
    case 'boolean': return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'json': try { return JSON.parse(text); } catch { return undefined; }
  }
}
