/**
 * What every semantic rule sees: the schema-valid part of the spec, each node's resolved interface, and
 * a way to report. Rules run on the valid parts of an otherwise invalid spec too ("all problems at
 * once"), so they must not report consequences of what the schema check already rejected: the
 * `skipped*` sets name what was left out.
 */
import type { Issue, IssueCode, Severity } from '../issues.js';
import { parseOutputRef } from '../names.js';
import { componentOf, type ResolvedInput } from '../resolve.js';
import type { ValidPart } from '../salvage.js';
import type { SuggestBudget } from '../suggest.js';
import type { Component, ComponentLibrary, Pipeline, PipelineNode, PortType } from '../schema.js';

/** A schema-valid node and its index in the file's `nodes` list. */
export interface NodeEntry {
  node: PipelineNode;
  index: number;
}

/**
 * A node's typed interface, as `resolveNodes` in resolve.ts gives it, computed on demand: building the
 * full `ResolvedNode` (effective command, env...) for 10,000 nodes costs more than all the rules together,
 * and the rules only need the ports. `ports.test.ts` holds both to the same answer.
 */
export interface Ports {
  component?: Component;
  /** The component's inputs (an inline node declares none: its inputs are whatever it wires). */
  inputs: ResolvedInput[];
  outputs: { name: string; type: PortType }[];
}

/** Everything a rule reads, and `report` for what it finds. */
export interface RuleContext extends ValidPart {
  /** The first valid node with each id. */
  byId: Map<string, NodeEntry>;
  library: ComponentLibrary;
  /** Ids of nodes whose `uses` names no component in the library: their outputs are unknown. */
  unresolved: Set<string>;
  ports(entry: NodeEntry): Ports;
  /** Shared by the rules' "did you mean" searches, so that thousands of them stay cheap (see suggest.ts). */
  budget: SuggestBudget;
  /** `parseOutputRef` of names.ts (see {@link outputRef}). */
  outputRef(ref: string): { node: string; output: string } | undefined;
  report(issue: RuleIssue): void;
}

/** An issue as a rule reports it; validate.ts adds the file and position. */
export type RuleIssue = Omit<Issue, 'file' | 'line' | 'column'>;

/** A semantic rule: reads the context, reports through `ctx.report`. */
export type Rule = (ctx: RuleContext) => void;

/** Reports an issue about a node, at `['nodes', index, ...sub]`. */
export function nodeIssue(
  ctx: RuleContext, e: NodeEntry, severity: Severity, code: IssueCode, sub: (string | number)[], message: string,
): void {
  ctx.report({ severity, code, message, nodeId: e.node.id, path: ['nodes', e.index, ...sub] });
}

/**
 * `parseOutputRef` of names.ts, without the regular expression for the usual case: for printable
 * ASCII text (which holds no whitespace) "exactly one dot, not at either end" is what its pattern
 * `^([^.\s]+)\.([^.\s]+)$` means. Anything else goes to names.ts.
 */
export function outputRef(ref: string): { node: string; output: string } | undefined {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1 || ref.indexOf('.', dot + 1) !== -1) return undefined;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c <= 32 || c >= 127) return parseOutputRef(ref);
  }
  return { node: ref.slice(0, dot), output: ref.slice(dot + 1) };
}

/** The ports of one node (see {@link Ports}). */
export function portsOf(node: PipelineNode, library: ComponentLibrary): Ports {
  const component = componentOf(node, library);
  if (component) {
    return {
      component,
      inputs: component.inputs.map((i) => ({
        name: i.name, type: i.type, optional: Boolean(i.optional) || i.default !== undefined, default: i.default, decl: i,
      })),
      outputs: component.outputs.map((o) => ({ name: o.name, type: o.type })),
    };
  }
  const outputs = node.outputs ?? {};
  return { inputs: [], outputs: Object.keys(outputs).map((name) => ({ name, type: outputs[name]!.type })) };
}

/** The context for one validation run over the valid `nodes` of `spec`. */
export function createContext(
  spec: Pipeline, nodes: NodeEntry[], library: ComponentLibrary,
  extra: Pick<RuleContext, 'allIds' | 'skippedIds' | 'skippedParams' | 'paramsOk' | 'metadataOk' | 'complete'>,
  report: (i: RuleIssue) => void,
): RuleContext {
  const byId = new Map<string, NodeEntry>();
  for (const e of nodes) if (!byId.has(e.node.id)) byId.set(e.node.id, e);
  const cache = new Map<NodeEntry, Ports>();
  const ports = (e: NodeEntry) => {
    let p = cache.get(e);
    if (!p) {
      p = portsOf(e.node, library);
      cache.set(e, p);
    }
    return p;
  };
  const unresolved = new Set<string>();
  for (const e of nodes) if (e.node.uses && !ports(e).component) unresolved.add(e.node.id);
  // A few hundred searches over 10,000 names; small specs never get near it.
  const budget = { left: 2_000_000 };
  return { spec, nodes, byId, library, ...extra, unresolved, ports, outputRef, budget, report };
}
