/**
 * `{{inputs.NAME}}` and `{{outputs.NAME}}` placeholders in inline nodes' commands, arguments, working
 * directory and environment must name an input or output of the node; text that looks like a
 * placeholder but is not one is almost always a typo.
 */
import { formatPath } from '../issues.js';
import { malformedPlaceholders, placeholderNames } from '../template.js';
import { didYouMean } from '../suggest.js';
import type { PipelineNode } from '../schema.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';

const NEAR_MISS = /^\{\{\s*(input|inputs|output|outputs|in|out)\b/i;

/** Rule: placeholders in inline nodes name declared inputs and outputs. */
export function templates(ctx: RuleContext): void {
  for (const e of ctx.nodes) {
    const { node } = e;
    if (node.uses || !node.container) continue; // component commands are checked with the component
    const c = node.container;
    for (let k = 0; k < (c.command?.length ?? 0); k++) check(ctx, e, c.command![k]!, 'command', k);
    for (let k = 0; k < (c.args?.length ?? 0); k++) check(ctx, e, c.args![k]!, 'args', k);
    if (c.workingDir !== undefined) check(ctx, e, c.workingDir, 'workingDir');
    for (const [name, v] of Object.entries(c.env ?? {})) if (typeof v === 'string') check(ctx, e, v, 'env', name);
    for (const [name, v] of Object.entries(node.env ?? {})) if (typeof v === 'string') check(ctx, e, v, 'env', name, true);
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isNameChar = (c: number, first: boolean) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && c >= 48 && c <= 57);

/**
 * Checks one string. A string whose placeholders are all plain and declared (`{{inputs.NAME}}`) is
 * recognised by hand, without allocating: this runs on every argument of a 10,000-node spec. Anything
 * else is reported with template.ts, which defines the syntax.
 */
function check(ctx: RuleContext, e: NodeEntry, s: string, field: string, key?: string | number, nodeEnv = false): void {
  if (s.indexOf('{{') === -1 || allDeclared(s, e.node)) return;
  const { node } = e;
  const path = [...(nodeEnv ? [] : ['container']), field, ...(key === undefined ? [] : [key])];
  for (const bad of malformedPlaceholders(s)) {
    const nearMiss = NEAR_MISS.test(bad);
    nodeIssue(ctx, e, nearMiss ? 'error' : 'warning', 'template', path, nearMiss
      ? `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a valid placeholder; write {{inputs.NAME}} or {{outputs.NAME}}.`
      : `'${bad}' in ${formatPath(path)} of node '${node.id}' is not a placeholder and will be passed to the command as it is.`);
  }
  for (const { ref, name } of placeholderNames(s)) {
    const declared = node[ref];
    if (declared && Object.hasOwn(declared, name)) continue;
    const names = Object.keys(declared ?? {});
    const kind = ref === 'inputs' ? 'input' : 'output';
    const hint = didYouMean(name, names) || (names.length ? ` (its ${kind}s: ${names.join(', ')}).` : ` (it declares no ${kind}s).`);
    nodeIssue(ctx, e, 'error', 'template', path,
      `{{${ref}.${name}}} in ${formatPath(path)} of node '${node.id}' names no ${kind} of the node${hint}`);
  }
}

/** True when every `{{` in `s` opens a plain placeholder naming a declared input or output. */
function allDeclared(s: string, node: PipelineNode): boolean {
  for (let open = s.indexOf('{{'); open !== -1; open = s.indexOf('{{', open + 2)) {
    let j = open + 2;
    while (isSpace(s.charCodeAt(j))) j++;
    const ref = s.startsWith('inputs.', j) ? 'inputs' : s.startsWith('outputs.', j) ? 'outputs' : undefined;
    if (!ref) return false;
    const start = j + ref.length + 1;
    let k = start;
    while (isNameChar(s.charCodeAt(k), k === start)) k++;
    let end = k;
    while (isSpace(s.charCodeAt(end))) end++;
    if (k === start || !s.startsWith('}}', end)) return false;
    const declared = node[ref];
    if (!declared) return false;
    let found = false;
    for (const name in declared) {
      if (name.length === k - start && s.startsWith(name, start)) { found = true; break; }
    }
    if (!found) return false;
  }
  return true;
}
