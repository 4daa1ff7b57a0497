/**
 * Rules about what each node runs: a library component (`uses`) that exists in the requested version,
 * with only the inputs it declares, every required input set, and literals that fit; or an inline
 * container. Inline-only fields on a component node are errors, since they would be silently ignored.
 */
import { isArtifactType } from '../schema.js';
import { parseComponentRef } from '../names.js';
import { inputSource } from '../resolve.js';
import { closest, didYouMean, listNames } from '../suggest.js';
import { nodeIssue, type NodeEntry, type RuleContext } from './context.js';
import { valueProblem } from './values.js';
import { typeWords } from './words.js';

/** Rule: what each node runs, and the inputs of component nodes. */
export function components(ctx: RuleContext): void {
  let ids: string[] | undefined;
  for (const e of ctx.nodes) {
    const { node } = e;
    if (!node.uses) {
      if (!node.container) {
        nodeIssue(ctx, e, 'error', 'implementation', [],
          `Node '${node.id}' has nothing to run: give it 'uses: <component>@<version>' (a library component) or a 'container' with a command.`);
      } else if (!node.container.command) {
        nodeIssue(ctx, e, 'error', 'implementation', ['container', 'command'],
          `Node '${node.id}' has a container without a command: add 'command: [program, args...]', or 'uses' a component.`);
      }
      continue;
    }
    const ref = parseComponentRef(node.uses);
    if (!ref) continue; // the schema reports the format
    // A component node may override its image (and working folder), not its command.
    if (node.container?.command || node.container?.args) {
      nodeIssue(ctx, e, 'error', 'implementation', ['container', node.container.command ? 'command' : 'args'],
        `Node '${node.id}' uses component ${node.uses}, which brings its own command, so its container command would be ignored; `
        + "remove the container block, or remove 'uses' to run your own command.");
    }
    const component = ctx.ports(e).component;
    if (!component) {
      const versions = ctx.library.versions(ref.id);
      if (versions.length) {
        nodeIssue(ctx, e, 'error', 'unknown-version', ['uses'],
          `Node '${node.id}' uses ${ref.id} version ${ref.version}, which the library does not have; available: ${listNames(versions)}.`);
      } else {
        ids ??= [...new Set(ctx.library.all().map((c) => c.metadata.id))];
        const near = closest(ref.id, ids, ctx.budget);
        const hint = near ? ` — did you mean '${near}' (versions ${listNames(ctx.library.versions(near))})?` : '.';
        nodeIssue(ctx, e, 'error', 'unknown-component', ['uses'],
          `Node '${node.id}' uses component '${ref.id}', which is not in the component library${hint}`);
      }
      continue;
    }
    if (node.outputs) {
      const names = component.outputs.map((o) => o.name);
      nodeIssue(ctx, e, 'error', 'implementation', ['outputs'],
        `Node '${node.id}' uses component ${node.uses}, whose outputs are fixed by the component`
        + `${names.length ? ` (${listNames(names)})` : ' (it has none)'}; remove the node's outputs block.`);
    }
    componentInputs(ctx, e);
  }
}

/** Inputs of a component node: declared, set when required, and literals that fit the declaration. */
function componentInputs(ctx: RuleContext, e: NodeEntry): void {
  const { node } = e;
  const r = ctx.ports(e);
  const set = node.inputs ?? {};
  const declared = r.inputs.map((i) => i.name);
  for (const name of Object.keys(set)) {
    const decl = r.inputs.find((i) => i.name === name);
    if (!decl) {
      const hint = didYouMean(name, declared) || (declared.length ? ` (its inputs: ${listNames(declared)}).` : ' (it takes no inputs).');
      nodeIssue(ctx, e, 'error', 'unknown-input', ['inputs', name],
        `Node '${node.id}' sets input '${name}', but component ${node.uses} has no such input${hint}`);
      continue;
    }
    const src = inputSource(set[name]!);
    if (src.kind !== 'literal') continue;
    const at = ['inputs', name, ...(isValueForm(set[name]) ? ['value'] : [])];
    if (isArtifactType(decl.type)) {
      nodeIssue(ctx, e, 'error', 'type-mismatch', at,
        `Input '${name}' of node '${node.id}' expects ${typeWords(decl.type)} from another node ({from: node.output}), not a literal value.`);
      continue;
    }
    const problem = valueProblem(src.value, decl.decl ?? decl);
    if (problem) nodeIssue(ctx, e, 'error', 'bad-value', at, `Input '${name}' of node '${node.id}' ${problem}.`);
  }
  for (const decl of r.inputs) {
    if (decl.optional || Object.hasOwn(set, decl.name)) continue;
    const artifact = isArtifactType(decl.type);
    const example = artifact ? `, e.g. ${decl.name}: {from: <node>.<output>}` : '';
    nodeIssue(ctx, e, 'error', artifact ? 'missing-input' : 'missing-param', ['inputs', decl.name],
      `Node '${node.id}' must set ${artifact ? 'input' : 'parameter'} '${decl.name}' (${typeWords(decl.type)}): `
      + `component ${node.uses} requires it and gives no default${example}.`);
  }
}

function isValueForm(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'value' in v;
}
