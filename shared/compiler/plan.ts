/**
 * The resolved execution plan: nodes in topological order with their effective image, command template,
 * resolved parameter values and wiring. Executors and exporters consume only this, never the raw spec.
 */
import { resolveNodes, inputSource, type ResolvedNode } from '../spec/resolve.js';
import {
  isArtifactType, type ComponentLibrary, type EnvValue, type OutputFormat, type ParameterType, type Pipeline, type PortType, type Resources,
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
export interface PlanOutput { name: string; type: PortType; format?: OutputFormat }

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
  // Past a few upstream nodes a set answers "already listed?"; short lists are scanned.
  let listed: Set<string> | undefined;
  for (const port of r.inputs) {
    const raw = node.inputs?.[port.name];
    const format = port.decl?.format;
    let input: PlanInput;
    if (raw === undefined) {
      if (port.default === undefined) continue;
      input = { name: port.name, type: port.type, source: { kind: 'value', value: port.default } };
    } else {
      const src = inputSource(raw);
      if (src.kind === 'from') {
        const upstream = all.get(src.node);
        const out = upstream?.outputs.find((o) => o.name === src.output);
        if (!upstream || !out) throw new CompileError(`node '${node.id}' input '${port.name}' reads unknown output '${src.node}.${src.output}'`);
        if (listed ? !listed.has(src.node) : !dependsOn.includes(src.node)) {
          dependsOn.push(src.node);
          if (listed) listed.add(src.node);
          else if (dependsOn.length > 8) listed = new Set(dependsOn);
        }
        const kind = isArtifactType(out.type) ? 'artifact' : 'parameter';
        input = { name: port.name, type: port.type, source: { kind, node: src.node, output: src.output } };
      } else if (src.kind === 'param') {
        const p = params[src.param];
        if (!p) throw new CompileError(`node '${node.id}' input '${port.name}' reads unknown pipeline param '${src.param}'`);
        input = { name: port.name, type: port.type, source: { kind: 'value', value: p.value, param: src.param } };
      } else {
        input = { name: port.name, type: port.type, source: { kind: 'value', value: src.value } };
      }
    }
    if (format) input.format = format;
    inputs.push(input);
  }
  // Keys are added in the order the plan has always had them (optional ones only when set).
  const plan: Partial<PlanNode> & Pick<PlanNode, 'id' | 'kind'> = { id: node.id, kind: node.kind };
  if (node.name) plan.name = node.name;
  if (r.component) plan.component = { id: r.component.metadata.id, version: r.component.metadata.version };
  if (r.image) plan.image = r.image;
  plan.command = r.command;
  plan.env = r.env;
  if (r.workingDir) plan.workingDir = r.workingDir;
  plan.dependsOn = dependsOn;
  plan.inputs = inputs;
  plan.outputs = r.outputs;
  plan.resources = node.resources ?? {};
  plan.retries = planRetries(node.retries);
  if (node.timeout !== undefined) plan.timeoutSeconds = parseDuration(node.timeout);
  plan.cache = node.cache ?? true;
  return plan as PlanNode;
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

/**
 * Kahn's algorithm, taking ready nodes in spec order so the plan is stable across runs: of the nodes
 * whose upstream nodes are all placed, the earliest in the spec comes next (a min-heap of spec positions).
 * Node ids must be unique, as compilePlan makes them.
 */
export function topologicalOrder(nodes: PlanNode[]): PlanNode[] {
  const n = nodes.length;
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) position.set(nodes[i]!.id, i);
  // Edges upstream -> downstream as one flat list per upstream node (offsets into `targets`); an
  // unknown upstream id never counts down, so its node is reported as part of a cycle, as before.
  const indegree = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const deps = nodes[i]!.dependsOn;
    indegree[i] = deps.length;
    for (const d of deps) {
      const u = position.get(d);
      if (u !== undefined) outStart[u + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const targets = new Int32Array(outStart[n]!);
  const fill = outStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (const d of nodes[i]!.dependsOn) {
      const u = position.get(d);
      if (u !== undefined) targets[fill[u]!++] = i;
    }
  }
  const heap = new Int32Array(n);
  let size = 0;
  const push = (v: number) => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= v) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap[--size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= last) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i < n; i++) if (indegree[i] === 0) push(i);
  const order: PlanNode[] = [];
  while (size) {
    const i = pop();
    order.push(nodes[i]!);
    for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
      const next = targets[e]!;
      if (--indegree[next]! === 0) push(next);
    }
  }
  if (order.length !== n) {
    const placed = new Set(order);
    const stuck = nodes.filter((node) => !placed.has(node)).map((node) => node.id);
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
