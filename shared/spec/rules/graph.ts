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
      const ref = ctx.outputRef(v.from);
      const from = ref && ref.node !== to.node.id ? ctx.byId.get(ref.node) : undefined;
      if (from) out.push({ from, to, input, output: ref!.output });
    }
  }
  return out;
}

/** Rule: cycles (each reported once, nodes in order) and unused outputs. */
export function graph(ctx: RuleContext): void {
  const g = adjacency(ctx, edges(ctx));
  for (const members of stronglyConnected(ctx.nodes.length, g.start, g.targets)) {
    if (members.length > 1) reportCycle(ctx, members, g);
  }
  unusedOutputs(ctx, g);
}

/** The edges grouped by source node: those of node i are via[start[i]] to via[start[i+1] - 1]. */
interface Adjacency { start: Int32Array; targets: Int32Array; via: Edge[]; number: Map<NodeEntry, number> }

/** Numbers the nodes and lays the edges out as arrays, so that the graph algorithms allocate almost nothing. */
function adjacency(ctx: RuleContext, all: Edge[]): Adjacency {
  const number = new Map<NodeEntry, number>();
  ctx.nodes.forEach((e, i) => number.set(e, i));
  const n = ctx.nodes.length;
  const start = new Int32Array(n + 1);
  for (const e of all) start[number.get(e.from)! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const targets = new Int32Array(all.length);
  const via: Edge[] = new Array<Edge>(all.length);
  for (const e of all) {
    const k = fill[number.get(e.from)!]!++;
    targets[k] = number.get(e.to)!;
    via[k] = e;
  }
  return { start, targets, via, number };
}

/** Reports the shortest cycle through the component's first node (in file order), naming the others too. */
function reportCycle(ctx: RuleContext, members: number[], g: Adjacency): void {
  const { start, targets, via } = g;
  const inComponent = new Set(members);
  const first = members.reduce((a, b) => Math.min(a, b));
  const back = new Map<number, number>(); // node -> edge index that reached it
  const queue = [first];
  let closing = -1;
  for (let q = 0; q < queue.length && closing < 0; q++) {
    const v = queue[q]!;
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const w = targets[k]!;
      if (!inComponent.has(w)) continue;
      if (w === first) { closing = k; break; }
      if (!back.has(w)) { back.set(w, k); queue.push(w); }
    }
  }
  if (closing < 0) return;
  const loop: NodeEntry[] = [];
  for (let k = closing; ; k = back.get(g.number.get(via[k]!.from)!)!) {
    loop.push(via[k]!.from);
    if (via[k]!.from === ctx.nodes[first]) break;
  }
  loop.reverse();
  const entry = ctx.nodes[first]!;
  const names = shorten([...loop, entry].map((e) => e.node.id), ' → ');
  const inLoop = new Set(loop);
  const others = shorten(members.filter((m) => !inLoop.has(ctx.nodes[m]!)).sort((a, b) => a - b).map((m) => `'${ctx.nodes[m]!.node.id}'`), ', ');
  nodeIssue(ctx, entry, 'error', 'cycle', ['inputs', via[closing]!.input, 'from'],
    `These nodes wait for each other in a cycle, so none of them can run: ${names}.`
    + (others ? ` Also caught in it: ${others}.` : ''));
}

/** Joins names, keeping a long list readable: the first 20, "…", the last 2. */
function shorten(names: string[], sep: string): string {
  return names.length <= 24 ? names.join(sep) : [...names.slice(0, 20), `… (${names.length - 22} more)`, ...names.slice(-2)].join(sep);
}

/** Tarjan's algorithm without recursion (a 10,000-node chain would overflow the call stack). */
function stronglyConnected(n: number, start: Int32Array, targets: Int32Array): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const work = new Int32Array(n); // the DFS path
  const next = new Int32Array(n); // per node on the path: its next edge to follow
  const result: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    work[0] = root;
    index[root] = low[root] = counter++;
    next[root] = start[root]!;
    stack.push(root);
    onStack[root] = 1;
    while (depth >= 0) {
      const v = work[depth]!;
      if (next[v]! < start[v + 1]!) {
        const w = targets[next[v]!++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          next[w] = start[w]!;
          stack.push(w);
          onStack[w] = 1;
          work[++depth] = w;
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      depth--;
      if (depth >= 0) low[work[depth]!] = Math.min(low[work[depth]!]!, low[v]!);
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do { w = stack.pop()!; onStack[w] = 0; members.push(w); } while (w !== v);
        result.push(members);
      }
    }
  }
  return result;
}

function unusedOutputs(ctx: RuleContext, g: Adjacency): void {
  if (!ctx.complete) return; // a node left out for schema errors may be the reader
  ctx.nodes.forEach((entry, i) => {
    const from = g.start[i]!;
    const to = g.start[i + 1]!;
    if (from === to || ctx.unresolved.has(entry.node.id)) return; // terminal, or outputs unknown
    const outputs = ctx.ports(entry).outputs;
    let unread = false;
    for (const o of outputs) {
      if (o.type !== 'dataset' && o.type !== 'model') continue;
      let read = false;
      for (let k = from; k < to && !read; k++) read = g.via[k]!.output === o.name;
      unread ||= !read;
    }
    if (!unread) return;
    const used = [...new Set(g.via.slice(from, to).map((e) => e.output))];
    // A reader of a misspelt output probably meant the "unused" one: that error says enough.
    if (used.some((u) => !outputs.some((o) => o.name === u))) return;
    for (const o of outputs) {
      if (used.includes(o.name) || !(o.type === 'dataset' || o.type === 'model')) continue;
      const path = entry.node.uses ? ['uses'] : ['outputs', o.name];
      nodeIssue(ctx, entry, 'warning', 'unused-output', path,
        `Output '${o.name}' (${o.type}) of node '${entry.node.id}' is never used: other nodes read `
        + `${used.map((u) => `${entry.node.id}.${u}`).join(', ')}, but nothing reads ${entry.node.id}.${o.name}.`);
    }
  });
}
