/**
 * Rules about how nodes refer to each other and to pipeline params: unique ids, `from` references to
 * existing nodes and outputs, `param` references to declared params, compatible types over each edge,
 * and layout entries for nodes that exist.
 */
import { compatible } from '../resolve.js';
import type { PortType } from '../schema.js';
import { didYouMean, listNames } from '../suggest.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';
import { typeWords } from './words.js';

/** Every node id is used once; both (all) places are reported. */
export function duplicateIds(ctx: RuleContext): void {
  const ids = new Set<string>();
  let duplicated = false;
  for (const { id } of ctx.allIds) {
    if (ids.has(id)) { duplicated = true; break; }
    ids.add(id);
  }
  if (!duplicated) return;
  const places = new Map<string, number[]>();
  for (const { id, index } of ctx.allIds) {
    const list = places.get(id);
    if (list) list.push(index);
    else places.set(id, [index]);
  }
  for (const [id, indexes] of places) {
    if (indexes.length < 2) continue;
    const where = listNames(indexes.map((i) => `nodes[${i}]`), false);
    for (const index of indexes) {
      ctx.report({
        severity: 'error', code: 'duplicate-id', nodeId: id, path: ['nodes', index, 'id'],
        message: `Node id '${id}' is used by ${where}; each node needs its own id.`,
      });
    }
  }
}

/**
 * `{from: node.output}` and `{param: name}` references, and the types that flow over them. (Written to
 * allocate nothing for a correct reference: this runs for every input of a 10,000-node spec.)
 */
export function references(ctx: RuleContext): void {
  const params = ctx.spec.params ?? {};
  for (const e of ctx.nodes) {
    const inputs = e.node.inputs;
    if (!inputs) continue;
    const ports = ctx.ports(e);
    for (const name in inputs) {
      const v = inputs[name];
      if (typeof v !== 'object' || v === null || !Object.hasOwn(inputs, name)) continue; // literals
      const decl = ports.component ? ports.inputs.find((i) => i.name === name) : undefined;
      if ('param' in v) {
        const p = Object.hasOwn(params, v.param) ? params[v.param] : undefined;
        if (!p) {
          if (ctx.paramsOk && !ctx.skippedParams.has(v.param)) unknownParam(ctx, e, name, v.param);
        } else if (decl && !compatible(p.type, decl.type)) {
          nodeIssue(ctx, e, 'error', 'type-mismatch', ['inputs', name, 'param'],
            `Input '${name}' of node '${e.node.id}' expects ${typeWords(decl.type)} but pipeline param '${v.param}' is ${typeWords(p.type)}.`);
        }
      } else if ('from' in v) {
        const ref = ctx.outputRef(v.from);
        if (!ref) notNodeOutput(ctx, e, name, v.from);
        else if (ref.node === e.node.id) {
          nodeIssue(ctx, e, 'error', 'cycle', ['inputs', name, 'from'],
            `Input '${name}' of node '${e.node.id}' reads the node's own output '${ref.output}'; a node cannot consume what it produces.`);
        } else checkOutput(ctx, e, name, v.from, ref, decl?.type);
      }
    }
  }
}

/**
 * "Did you mean" among the node ids. After a rename, thousands of references may name missing nodes,
 * and each search runs over every id: answers are remembered, and searches draw on the run's budget.
 */
const hints = new WeakMap<RuleContext, Map<string, string>>();
function nodeHint(ctx: RuleContext, id: string): string {
  let memo = hints.get(ctx);
  if (!memo) hints.set(ctx, (memo = new Map()));
  let hint = memo.get(id);
  if (hint === undefined) memo.set(id, (hint = didYouMean(id, ctx.byId.keys(), ctx.budget)));
  return hint;
}

function unknownParam(ctx: RuleContext, e: NodeEntry, input: string, param: string): void {
  const declared = Object.keys(ctx.spec.params ?? {});
  const hint = didYouMean(param, declared) || (declared.length ? ` (declared: ${listNames(declared)}).` : '; add it under params.');
  nodeIssue(ctx, e, 'error', 'unknown-param', ['inputs', input, 'param'],
    `Input '${input}' of node '${e.node.id}' reads pipeline param '${param}', which is not declared${hint}`);
}

function notNodeOutput(ctx: RuleContext, e: NodeEntry, input: string, raw: string): void {
  const target = ctx.byId.get(raw);
  const outs = target && !ctx.unresolved.has(raw) ? ctx.ports(target).outputs.map((o) => o.name) : [];
  const example = outs.length ? `, e.g. '${raw}.${outs[0]}' (its outputs: ${listNames(outs)})` : ", e.g. 'prepare.dataset'";
  nodeIssue(ctx, e, 'error', 'unknown-output', ['inputs', input, 'from'],
    `Input '${input}' of node '${e.node.id}' reads from '${raw}', which is not written as node.output${example}.`);
}

/** The referenced node and output exist, and the output's type fits the input's (when the input declares one). */
function checkOutput(
  ctx: RuleContext, e: NodeEntry, input: string, raw: string, ref: { node: string; output: string }, expected: PortType | undefined,
): void {
  const target = ctx.byId.get(ref.node);
  if (!target) {
    if (ctx.skippedIds.has(ref.node)) return;
    nodeIssue(ctx, e, 'error', 'unknown-node', ['inputs', input, 'from'],
      `Input '${input}' of node '${e.node.id}' reads from node '${ref.node}', which does not exist${nodeHint(ctx, ref.node) || '.'}`);
    return;
  }
  if (ctx.unresolved.has(ref.node)) return; // its component is unknown: already reported there
  const outputs = ctx.ports(target).outputs;
  const out = outputs.find((o) => o.name === ref.output);
  if (!out) {
    const names = outputs.map((o) => o.name);
    const has = names.length ? ` (it has ${listNames(names)})` : ' (it declares no outputs)';
    const hint = didYouMean(ref.output, names);
    nodeIssue(ctx, e, 'error', 'unknown-output', ['inputs', input, 'from'],
      `Input '${input}' of node '${e.node.id}' reads output '${ref.output}' of node '${ref.node}', which has no such output${hint ? `${has}${hint}` : `${has}.`}`);
  } else if (expected && !compatible(out.type, expected)) {
    nodeIssue(ctx, e, 'error', 'type-mismatch', ['inputs', input, 'from'],
      `Node '${e.node.id}' input '${input}' expects ${typeWords(expected)} but '${raw}' is ${typeWords(out.type)}.`);
  }
}

/** Layout positions for nodes that are not in the pipeline (left over after a rename or delete). */
export function layout(ctx: RuleContext): void {
  const positions = ctx.spec.layout?.nodes;
  if (!positions) return;
  const ids = new Set(ctx.allIds.map((n) => n.id));
  for (const id of Object.keys(positions)) {
    if (ids.has(id)) continue;
    ctx.report({
      severity: 'warning', code: 'unknown-node', path: ['layout', 'nodes', id],
      message: `The layout places node '${id}', which is not in the pipeline (left over from a rename or delete?)${didYouMean(id, ids, ctx.budget) || '.'}`,
    });
  }
}
