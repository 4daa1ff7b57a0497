/**
 * The parts of a schema-invalid spec that the semantic rules can still judge ("all problems at once":
 * a typo in one node must not hide a cycle elsewhere).
 *
 * Nodes, params, metadata and layout are judged separately. A node with schema errors is kept when
 * the errors are only unknown fields (which no rule reads) or fields whose absence no rule notices
 * (name, kind, retries, resources...): those are dropped from a copy. Any other broken node is left
 * out and its id remembered, so that rules stay quiet about references to it instead of reporting
 * mere consequences of the schema error.
 */
import type { NodeEntry } from './rules/context.js';
import type { JsonSchema } from './json-schema.js';
import type { SchemaChecker, Violation } from './schema-check.js';
import type { Pipeline, PipelineNode } from './schema.js';

/** Node fields that no rule misses when they are dropped (kind is required, so it becomes 'custom'). */
const HARMLESS = new Set(['kind', 'name', 'description', 'retries', 'timeout', 'cache', 'resources', 'env']);

/** The judgeable part of a spec, with what was left out; the rules read it through RuleContext. */
export interface ValidPart {
  spec: Pipeline;
  /** Valid nodes, in file order. */
  nodes: NodeEntry[];
  /** Every node id written in the file (valid or not) with its index, for duplicate detection. */
  allIds: { id: string; index: number }[];
  /** Ids of nodes left out for schema errors: references to them are not reported. */
  skippedIds: Set<string>;
  /** Names of pipeline params left out for schema errors. */
  skippedParams: Set<string>;
  /** False when `params` as a whole failed the schema: no param reference can be judged. */
  paramsOk: boolean;
  /** False when nodes were left out: "nobody reads this output" cannot be concluded. */
  complete: boolean;
  /** False when metadata failed the schema. */
  metadataOk: boolean;
}

/** The parts of `value` the semantic rules can judge; undefined when there is no node list at all. */
export function validPart(value: unknown, violations: readonly Violation[], checker: SchemaChecker): ValidPart | undefined {
  if (!isObject(value) || !Array.isArray(value.nodes)) return undefined;
  const rawNodes = value.nodes as unknown[];
  const byNode = new Map<number, Violation[]>();
  const badParams = new Set<string>();
  let metadataOk = true;
  let paramsOk = true;
  let layoutOk = true;
  for (const v of violations) {
    const [top, second] = v.path;
    if (top === 'nodes') {
      if (typeof second !== 'number') return undefined;
      const list = byNode.get(second);
      if (list) list.push(v);
      else byNode.set(second, [v]);
    } else if (top === 'metadata') metadataOk = false;
    else if (top === 'params') {
      if (typeof second === 'string') badParams.add(second);
      else paramsOk = false;
    } else if (top === 'layout') layoutOk = false;
  }
  const allIds: { id: string; index: number }[] = [];
  const nodes: NodeEntry[] = [];
  const skippedIds = new Set<string>();
  let complete = true;
  const nodeSchema = ((checker.schema.properties as Record<string, JsonSchema>).nodes!.items) as JsonSchema;
  rawNodes.forEach((n, index) => {
    const id = isObject(n) && typeof n.id === 'string' && n.id !== '' ? n.id : undefined;
    if (id !== undefined) allIds.push({ id, index });
    const problems = byNode.get(index);
    const node = problems ? repair(n, problems, checker, nodeSchema) : (n as PipelineNode);
    if (node) nodes.push({ node, index });
    else {
      complete = false;
      if (id !== undefined) skippedIds.add(id);
    }
  });
  if (violations.length === 0) {
    return { spec: value as Pipeline, nodes, allIds, skippedIds, skippedParams: badParams, paramsOk, complete, metadataOk };
  }
  const rawParams = paramsOk && isObject(value.params) ? value.params : {};
  const spec = {
    apiVersion: value.apiVersion, kind: value.kind,
    metadata: metadataOk ? value.metadata : { name: '' },
    params: Object.fromEntries(Object.entries(rawParams).filter(([k]) => !badParams.has(k))),
    nodes: nodes.map((e) => e.node),
    ...(layoutOk && value.layout !== undefined ? { layout: value.layout } : {}),
  } as Pipeline;
  return { spec, nodes, allIds, skippedIds, skippedParams: badParams, paramsOk, complete, metadataOk };
}

/** A copy of node `n` without the fields its `problems` are about, when that is harmless; else undefined. */
function repair(n: unknown, problems: Violation[], checker: SchemaChecker, nodeSchema: JsonSchema): PipelineNode | undefined {
  if (!isObject(n)) return undefined;
  const copy: Record<string, unknown> = { ...n };
  for (const v of problems) {
    const field = v.path[2];
    if (typeof field !== 'string') return undefined;
    if (HARMLESS.has(field) || (v.kind === 'unknown-key' && v.path.length === 3)) {
      if (field === 'kind') copy.kind = 'custom';
      else delete copy[field];
    } else if (v.kind === 'unknown-key' && v.path.length === 4 && isObject(copy[field])) {
      const inner = { ...(copy[field] as Record<string, unknown>) };
      delete inner[v.key!];
      copy[field] = inner;
    } else return undefined;
  }
  return checker.violations(copy, nodeSchema).length === 0 ? (copy as PipelineNode) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
