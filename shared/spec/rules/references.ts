/**
 * Rules about how nodes refer to each other and to pipeline params: unique ids, `from` references to
 * existing nodes and outputs, `param` references to declared params, compatible types over each edge,
 * and layout entries for nodes that exist.
 */
import { parseOutputRef } from '../names.js';
import { compatible, inputSource } from '../resolve.js';
import { didYouMean, listNames } from '../suggest.js';
import { nodeIssue, type RuleContext } from './context.js';
import { typeWords } from './words.js';

/** Every node id is used once; both (all) places are reported. */
export function duplicateIds(ctx: RuleContext): void {
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

/** `{from: node.output}` and `{param: name}` references, and the types that flow over them. */
export function references(ctx: RuleContext): void {
  const nodeIds = [...ctx.byId.keys()];
  const params = ctx.spec.params ?? {};
  for (const e of ctx.nodes) {
    const inputs = e.node.inputs;
    if (!inputs) continue;
    const r = ctx.ports(e);
    for (const name of Object.keys(inputs)) {
      const src = inputSource(inputs[name]!);
      const at = ['inputs', name];
      const decl = r.component ? r.inputs.find((i) => i.name === name) : undefined;
      const input = `Input '${name}' of node '${e.node.id}'`;
      if (src.kind === 'param') {
        const p = params[src.param];
        if (!p) {
          if (!ctx.paramsOk || ctx.skippedParams.has(src.param)) continue;
          const declared = Object.keys(params);
          const hint = didYouMean(src.param, declared)
            || (declared.length ? ` (declared: ${listNames(declared)}).` : '; add it under params.');
          nodeIssue(ctx, e, 'error', 'unknown-param', [...at, 'param'],
            `${input} reads pipeline param '${src.param}', which is not declared${hint}`);
        } else if (decl && !compatible(p.type, decl.type)) {
          nodeIssue(ctx, e, 'error', 'type-mismatch', [...at, 'param'],
            `${input} expects ${typeWords(decl.type)} but pipeline param '${src.param}' is ${typeWords(p.type)}.`);
        }
        continue;
      }
      if (src.kind !== 'from') continue;
      const raw = (inputs[name] as { from: string }).from;
      const ref = parseOutputRef(raw);
      if (!ref) {
        const target = ctx.byId.get(raw);
        const outs = target && !ctx.unresolved.has(raw) ? ctx.ports(target).outputs.map((o) => o.name) : [];
        const example = outs.length ? `, e.g. '${raw}.${outs[0]}' (its outputs: ${listNames(outs)})` : ", e.g. 'prepare.dataset'";
        nodeIssue(ctx, e, 'error', 'unknown-output', [...at, 'from'],
          `${input} reads from '${raw}', which is not written as node.output${example}.`);
        continue;
      }
      if (ref.node === e.node.id) {
        nodeIssue(ctx, e, 'error', 'cycle', [...at, 'from'],
          `${input} reads the node's own output '${ref.output}'; a node cannot consume what it produces.`);
        continue;
      }
      const target = ctx.byId.get(ref.node);
      if (!target) {
        if (ctx.skippedIds.has(ref.node)) continue;
        nodeIssue(ctx, e, 'error', 'unknown-node', [...at, 'from'],
          `${input} reads from node '${ref.node}', which does not exist${didYouMean(ref.node, nodeIds) || '.'}`);
        continue;
      }
      if (ctx.unresolved.has(ref.node)) continue; // its component is unknown: already reported there
      const outputs = ctx.ports(target).outputs;
      const out = outputs.find((o) => o.name === ref.output);
      if (!out) {
        const names = outputs.map((o) => o.name);
        const has = names.length ? ` (it has ${listNames(names)})` : ' (it declares no outputs)';
        const hint = didYouMean(ref.output, names);
        nodeIssue(ctx, e, 'error', 'unknown-output', [...at, 'from'],
          `${input} reads output '${ref.output}' of node '${ref.node}', which has no such output${hint ? `${has}${hint}` : `${has}.`}`);
      } else if (decl && !compatible(out.type, decl.type)) {
        nodeIssue(ctx, e, 'error', 'type-mismatch', [...at, 'from'],
          `Node '${e.node.id}' input '${name}' expects ${typeWords(decl.type)} but '${raw}' is ${typeWords(out.type)}.`);
      }
    }
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
      message: `The layout places node '${id}', which is not in the pipeline (left over from a rename or delete?)${didYouMean(id, ids) || '.'}`,
    });
  }
}
