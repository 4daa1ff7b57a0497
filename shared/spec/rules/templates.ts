/**
 * `{{inputs.NAME}}` and `{{outputs.NAME}}` placeholders in inline nodes' commands, arguments, working
 * directory and environment must name an input or output of the node; text that looks like a
 * placeholder but is not one is almost always a typo.
 */
import { formatPath } from '../issues.js';
import { malformedPlaceholders } from '../template.js';
import { didYouMean } from '../suggest.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';

/** Same as template.ts's placeholder syntax; matched here directly because this runs on every string of a 10,000-node spec. */
const PLACEHOLDER = /\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const NEAR_MISS = /^\{\{\s*(input|inputs|output|outputs|in|out)\b/i;

export function templates(ctx: RuleContext): void {
  for (const e of ctx.nodes) {
    const { node } = e;
    if (node.uses || !node.container) continue; // component commands are checked with the component
    const c = node.container;
    c.command.forEach((s, k) => check(ctx, e, s, 'container', 'command', k));
    c.args?.forEach((s, k) => check(ctx, e, s, 'container', 'args', k));
    if (c.workingDir !== undefined) check(ctx, e, c.workingDir, 'container', 'workingDir');
    for (const [name, v] of Object.entries(c.env ?? {})) if (typeof v === 'string') check(ctx, e, v, 'container', 'env', name);
    for (const [name, v] of Object.entries(node.env ?? {})) if (typeof v === 'string') check(ctx, e, v, 'env', name);
  }
}

function check(ctx: RuleContext, e: NodeEntry, s: string, ...path: (string | number)[]): void {
  let open = s.indexOf('{{');
  if (open === -1) return;
  const { node } = e;
  let braces = 0;
  for (; open !== -1; open = s.indexOf('{{', open + 2)) braces++;
  let wellFormed = 0;
  for (const m of s.matchAll(PLACEHOLDER)) {
    wellFormed++;
    const ref = m[1] as 'inputs' | 'outputs';
    const name = m[2]!;
    const declared = node[ref];
    if (declared && Object.hasOwn(declared, name)) continue;
    const names = Object.keys(declared ?? {});
    const kind = ref === 'inputs' ? 'input' : 'output';
    const hint = didYouMean(name, names) || (names.length ? ` (its ${kind}s: ${names.join(', ')}).` : ` (it declares no ${kind}s).`);
    nodeIssue(ctx, e, 'error', 'template', path,
      `{{${ref}.${name}}} in ${formatPath(path)} of node '${node.id}' names no ${kind} of the node${hint}`);
  }
  if (braces === wellFormed) return;
  for (const bad of malformedPlaceholders(s)) {
    const nearMiss = NEAR_MISS.test(bad);
    nodeIssue(ctx, e, nearMiss ? 'error' : 'warning', 'template', path, nearMiss
      ? `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a valid placeholder; write {{inputs.NAME}} or {{outputs.NAME}}.`
      : `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a placeholder and will be passed to the command as it is.`);
  }
}
