/**
 * `{{inputs.NAME}}` and `{{outputs.NAME}}` placeholders in inline nodes' commands, arguments, working
 * directory and environment must name an input or output of the node; text that looks like a
 * placeholder but is not one is almost always a typo.
 */
import { formatPath } from '../issues.js';
import { malformedPlaceholders, placeholderNames } from '../template.js';
import { didYouMean } from '../suggest.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';

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

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isNameChar = (c: number, first: boolean) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && c >= 48 && c <= 57);

/**
 * Checks one string. Plain placeholders (`{{inputs.NAME}}`) are scanned by hand here, because this runs
 * on every argument of a 10,000-node spec and regular expression matches allocate; a string with
 * anything unusual between braces is handed to template.ts, which defines the syntax.
 */
function check(ctx: RuleContext, e: NodeEntry, s: string, ...path: (string | number)[]): void {
  let open = s.indexOf('{{');
  if (open === -1) return;
  const { node } = e;
  let refs: { ref: 'inputs' | 'outputs'; name: string }[] = [];
  let odd = false;
  for (; open !== -1 && !odd; open = s.indexOf('{{', open + 2)) {
    let j = open + 2;
    while (isSpace(s.charCodeAt(j))) j++;
    const ref = s.startsWith('inputs.', j) ? 'inputs' : s.startsWith('outputs.', j) ? 'outputs' : undefined;
    const nameStart = j + (ref?.length ?? 0) + 1;
    let k = nameStart;
    while (ref && isNameChar(s.charCodeAt(k), k === nameStart)) k++;
    let end = k;
    while (isSpace(s.charCodeAt(end))) end++;
    if (!ref || k === nameStart || !s.startsWith('}}', end)) odd = true;
    else refs.push({ ref, name: s.slice(nameStart, k) });
  }
  if (odd) {
    refs = placeholderNames(s);
    for (const bad of malformedPlaceholders(s)) {
      const nearMiss = NEAR_MISS.test(bad);
      nodeIssue(ctx, e, nearMiss ? 'error' : 'warning', 'template', path, nearMiss
        ? `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a valid placeholder; write {{inputs.NAME}} or {{outputs.NAME}}.`
        : `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a placeholder and will be passed to the command as it is.`);
    }
  }
  for (const { ref, name } of refs) {
    const declared = node[ref];
    if (declared && Object.hasOwn(declared, name)) continue;
    const names = Object.keys(declared ?? {});
    const kind = ref === 'inputs' ? 'input' : 'output';
    const hint = didYouMean(name, names) || (names.length ? ` (its ${kind}s: ${names.join(', ')}).` : ` (it declares no ${kind}s).`);
    nodeIssue(ctx, e, 'error', 'template', path,
      `{{${ref}.${name}}} in ${formatPath(path)} of node '${node.id}' names no ${kind} of the node${hint}`);
  }
}
