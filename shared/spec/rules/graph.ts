/**
 * Rules about the graph the `from` references draw: it must be acyclic (each cycle is reported once,
 * naming its nodes in order), and outputs should be used.
 *
 * Unused outputs: an output is the pipeline's result when its node is terminal (nothing reads any of
 * its outputs), so only non-terminal nodes are checked: when another node reads one of a node's outputs
 * but nothing reads its dataset or model, that output is probably a forgotten wire (the classic: the
 * test split that is never evaluated). Metrics, files (reports, plots) and parameter outputs are often
 * produced to be looked at, so they are never reported.
 */
import { parseOutputRef } from '../names.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';

interface Edge { from: NodeEntry; to: NodeEntry; input: string; output: string }

/** Edges between existing, distinct nodes, in file order. */
function edges(ctx: RuleContext): Edge[] {
  const out: Edge[] = [];
  for (const to of ctx.nodes) {
    const inputs = to.node.inputs;
    if (!inputs) continue;
    for (const input of Object.keys(inputs)) {
      const v = inputs[input];
      if (typeof v !== 'object' || !('from' in v)) continue;
      const ref = parseOutputRef(v.from);
      const from = ref && ref.node !== to.node.id ? ctx.byId.get(ref.node) : undefined;
      if (from) out.push({ from, to, input, output: ref!.output });
    }
  }
  return out;
}

export function graph(ctx: RuleContext): void {
  const all = edges(ctx);
  cycles(ctx, all);
  unusedOutputs(ctx, all);
}

function cycles(ctx: RuleContext, all: Edge[]): void {
  const succ = new Map<NodeEntry, Edge[]>();
  for (const e of all) {
    const list = succ.get(e.from);
    if (list) list.push(e);
    else succ.set(e.from, [e]);
  }
  for (const component of stronglyConnected([...ctx.byId.values()], succ)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = component.reduce((a, b) => (b.index < a.index ? b : a));
    // Shortest way round from `start` back to itself inside the component (breadth-first).
    const via = new Map<NodeEntry, Edge>();
    const queue = [start];
    let closing: Edge | undefined;
    for (let q = 0; q < queue.length && !closing; q++) {
      for (const e of succ.get(queue[q]!) ?? []) {
        if (!members.has(e.to)) continue;
        if (e.to === start) { closing = e; break; }
        if (!via.has(e.to)) { via.set(e.to, e); queue.push(e.to); }
      }
    }
    if (!closing) continue;
    const loop: NodeEntry[] = [start];
    for (let n: NodeEntry = closing.from; n !== start; n = via.get(n)!.from) loop.splice(1, 0, n);
    const names = [...loop, start].map((n) => n.node.id).join(' → ');
    const others = component.filter((n) => !loop.includes(n)).sort((a, b) => a.index - b.index).map((n) => `'${n.node.id}'`);
    nodeIssue(ctx, start, 'error', 'cycle', ['inputs', closing.input, 'from'],
      `These nodes wait for each other in a cycle, so none of them can run: ${names}.`
      + (others.length ? ` Also caught in it: ${others.join(', ')}.` : ''));
  }
}

/** Tarjan's algorithm without recursion (a 10,000-node chain would overflow the call stack). */
function stronglyConnected(nodes: NodeEntry[], succ: Map<NodeEntry, Edge[]>): NodeEntry[][] {
  const index = new Map<NodeEntry, number>();
  const low = new Map<NodeEntry, number>();
  const onStack = new Set<NodeEntry>();
  const stack: NodeEntry[] = [];
  const result: NodeEntry[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { n: NodeEntry; next: number }[] = [{ n: root, next: 0 }];
    index.set(root, counter); low.set(root, counter++); stack.push(root); onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const out = succ.get(frame.n) ?? [];
      if (frame.next < out.length) {
        const m = out[frame.next++]!.to;
        if (!index.has(m)) {
          index.set(m, counter); low.set(m, counter++); stack.push(m); onStack.add(m);
          work.push({ n: m, next: 0 });
        } else if (onStack.has(m)) low.set(frame.n, Math.min(low.get(frame.n)!, index.get(m)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.n, Math.min(low.get(parent.n)!, low.get(frame.n)!));
      if (low.get(frame.n) === index.get(frame.n)) {
        const comp: NodeEntry[] = [];
        let m: NodeEntry;
        do { m = stack.pop()!; onStack.delete(m); comp.push(m); } while (m !== frame.n);
        result.push(comp);
      }
    }
  }
  return result;
}

function unusedOutputs(ctx: RuleContext, all: Edge[]): void {
  if (!ctx.complete) return; // a node left out for schema errors may be the reader
  const read = new Map<NodeEntry, Set<string>>();
  for (const e of all) {
    const set = read.get(e.from);
    if (set) set.add(e.output);
    else read.set(e.from, new Set([e.output]));
  }
  for (const [entry, used] of read) {
    if (ctx.unresolved.has(entry.node.id)) continue;
    const outputs = ctx.ports(entry).outputs;
    // A reader of a misspelt output probably meant the "unused" one: that error says enough.
    if ([...used].some((u) => !outputs.some((o) => o.name === u))) continue;
    for (const o of outputs) {
      if (used.has(o.name) || !(o.type === 'dataset' || o.type === 'model')) continue;
      const path = entry.node.uses ? ['uses'] : ['outputs', o.name];
      nodeIssue(ctx, entry, 'warning', 'unused-output', path,
        `Output '${o.name}' (${o.type}) of node '${entry.node.id}' is never used: other nodes read `
        + `${[...used].map((u) => `${entry.node.id}.${u}`).join(', ')}, but nothing reads ${entry.node.id}.${o.name}.`);
    }
  }
}
