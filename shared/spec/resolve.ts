/**
 * Resolves each node's interface (typed inputs and outputs) and its effective container, from its
 * component or, for an inline node, from what it declares and what is wired into it. The validator
 * and the compiler both stand on this, so they can never disagree about a port's type.
 */
import { parseComponentRef, parseOutputRef } from './names.js';
import type {
  Component, ComponentLibrary, EnvValue, InputValue, OutputFormat, Pipeline, PipelineNode, PortType,
} from './schema.js';

export interface ResolvedInput {
  name: string;
  type: PortType;
  /** Unset is fine: the input is optional or has a default. */
  optional: boolean;
  default?: unknown;
  /** The component's declaration, when the node uses one. */
  decl?: Component['inputs'][number];
}

export interface ResolvedNode {
  node: PipelineNode;
  index: number;
  component?: Component;
  inputs: ResolvedInput[];
  outputs: { name: string; type: PortType; format?: OutputFormat }[];
  image?: string;
  command: string[];
  env: Record<string, EnvValue>;
  workingDir?: string;
}

export type InputSource =
  | { kind: 'from'; node: string; output: string }
  | { kind: 'param'; param: string }
  | { kind: 'literal'; value: unknown };

/** Classifies an input value written in the spec. */
export function inputSource(v: InputValue): InputSource {
  if (typeof v === 'object' && v !== null) {
    if ('from' in v) {
      const ref = parseOutputRef(v.from);
      return { kind: 'from', node: ref?.node ?? v.from, output: ref?.output ?? '' };
    }
    if ('param' in v) return { kind: 'param', param: v.param };
    return { kind: 'literal', value: v.value };
  }
  return { kind: 'literal', value: v };
}

/** The parameter type a literal value has, for inline nodes that declare no input types. */
export function literalType(value: unknown): PortType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'json';
}

export function componentOf(node: PipelineNode, library: ComponentLibrary): Component | undefined {
  const ref = node.uses ? parseComponentRef(node.uses) : undefined;
  return ref ? library.get(ref.id, ref.version) : undefined;
}

/**
 * Resolves every node. Unknown components and dangling references leave the affected ports typed as
 * well as can be said; the validator reports them.
 */
export function resolveNodes(spec: Pipeline, library: ComponentLibrary): Map<string, ResolvedNode> {
  const resolved = new Map<string, ResolvedNode>();
  const pending: ResolvedNode[] = [];
  spec.nodes.forEach((node, index) => {
    const component = componentOf(node, library);
    const r: ResolvedNode = component
      ? fromComponent(node, index, component)
      : {
        node, index, inputs: [],
        outputs: Object.entries(node.outputs ?? {}).map(([name, o]) => ({ name, type: o.type })),
        image: node.container?.image,
        command: [...(node.container?.command ?? []), ...(node.container?.args ?? [])],
        env: { ...node.container?.env, ...node.env },
        workingDir: node.container?.workingDir,
      };
    if (!resolved.has(node.id)) resolved.set(node.id, r);
    if (!component) pending.push(r);
  });
  // Inline nodes take their input types from what is wired in.
  for (const r of pending) {
    r.inputs = Object.entries(r.node.inputs ?? {}).map(([name, v]) => {
      const src = inputSource(v);
      let type: PortType = 'string';
      if (src.kind === 'literal') type = literalType(src.value);
      else if (src.kind === 'param') type = spec.params?.[src.param]?.type ?? 'string';
      else type = resolved.get(src.node)?.outputs.find((o) => o.name === src.output)?.type ?? 'file';
      return { name, type, optional: false };
    });
  }
  return resolved;
}

function fromComponent(node: PipelineNode, index: number, c: Component): ResolvedNode {
  const impl = c.implementation.container;
  return {
    node, index, component: c,
    inputs: c.inputs.map((i) => ({
      name: i.name, type: i.type, optional: Boolean(i.optional) || i.default !== undefined, default: i.default, decl: i,
    })),
    outputs: c.outputs.map((o) => ({ name: o.name, type: o.type, ...(o.format ? { format: o.format } : {}) })),
    image: node.container?.image ?? impl.image,
    command: [...impl.command, ...(impl.args ?? [])],
    env: { ...impl.env, ...node.env },
    workingDir: node.container?.workingDir,
  };
}

/** Types that may flow over an edge: the same type, an integer into a number, any artifact into a file, a scalar into a string. */
export function compatible(from: PortType, to: PortType): boolean {
  if (from === to) return true;
  if (to === 'number' && from === 'integer') return true;
  if (to === 'file' && (from === 'dataset' || from === 'model' || from === 'metrics')) return true;
  if (to === 'string' && (from === 'number' || from === 'integer' || from === 'boolean')) return true;
  return false;
}
