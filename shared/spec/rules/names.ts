/**
 * Names that leave Pipewright: the pipeline name and node ids become Kubernetes object names (Jobs, Argo
 * templates), labels become Kubernetes labels, and input, output and param names appear in
 * `{{inputs.NAME}}` placeholders and in Argo/KFP parameters. Each must be acceptable there.
 */
import { DNS1123_LABEL_MAX, IDENTIFIER, isDns1123Label } from '../names.js';
import { nodeIssue, type RuleContext } from './context.js';

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label close to `s`: "Train Model" -> "train-model". */
export function toDns1123Label(s: string): string {
  const slug = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, DNS1123_LABEL_MAX).replace(/-+$/, '');
  return slug || 'step';
}

function labelRule(what: string, value: string): string {
  const why = value.length > DNS1123_LABEL_MAX ? ` (it is ${value.length} characters)` : '';
  return `${what} '${value}' must be a Kubernetes name: lowercase letters, digits and '-', starting and ending with a letter `
    + `or digit, at most ${DNS1123_LABEL_MAX} characters${why} — e.g. '${toDns1123Label(value)}'.`;
}

/** Rule: pipeline name, node ids and labels Kubernetes accepts; Job names that would be shortened. */
export function kubernetesNames(ctx: RuleContext): void {
  const name = ctx.metadataOk ? ctx.spec.metadata.name : undefined;
  const nameOk = name !== undefined && isDns1123Label(name);
  if (name !== undefined && !nameOk) {
    ctx.report({ severity: 'error', code: 'k8s-name', path: ['metadata', 'name'], message: labelRule('The pipeline name', name) });
  }
  if (ctx.metadataOk) labels(ctx);
  for (const e of ctx.nodes) {
    const id = e.node.id;
    if (!isDns1123Label(id)) {
      nodeIssue(ctx, e, 'error', 'k8s-name', ['id'], labelRule('Node id', id));
    } else if (nameOk && name.length + 1 + id.length > DNS1123_LABEL_MAX) {
      nodeIssue(ctx, e, 'warning', 'k8s-name', ['id'],
        `Exported Kubernetes Jobs are named '<pipeline>-<node>', and '${name}-${id}' is ${name.length + 1 + id.length} characters, `
        + `over the limit of ${DNS1123_LABEL_MAX}; exports will shorten it, so the Job name will not show the node id in full. `
        + 'A shorter pipeline name or node id avoids that.');
    }
  }
}

function labels(ctx: RuleContext): void {
  for (const [key, value] of Object.entries(ctx.spec.metadata.labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const local = key.slice(slash + 1);
    const keyOk = local.length <= 63 && LABEL_NAME.test(local)
      && (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)));
    const path = ['metadata', 'labels', key];
    if (!keyOk) {
      ctx.report({
        severity: 'error', code: 'k8s-name', path,
        message: `Label key '${key}' is not a valid Kubernetes label key: an optional DNS prefix and '/', then up to 63 letters, `
          + "digits, '-', '_' or '.', starting and ending with a letter or digit.",
      });
    }
    if (value !== '' && !(value.length <= 63 && LABEL_NAME.test(value))) {
      ctx.report({
        severity: 'error', code: 'k8s-name', path,
        message: `Label '${key}' has the value '${value}', which Kubernetes rejects: up to 63 letters, digits, '-', '_' or '.', `
          + 'starting and ending with a letter or digit.',
      });
    }
  }
}

/** Input and output names of inline nodes and param names are used in placeholders and exported parameters. */
export function identifiers(ctx: RuleContext): void {
  const rule = "must start with a letter or '_' and hold only letters, digits and '_'";
  for (const name of Object.keys(ctx.spec.params ?? {})) {
    if (!IDENTIFIER.test(name)) {
      ctx.report({
        severity: 'error', code: 'schema', path: ['params', name],
        message: `Pipeline param name '${name}' ${rule}, because exports pass it as a workflow parameter.`,
      });
    }
  }
  for (const e of ctx.nodes) {
    if (e.node.uses) continue; // a component's names are checked with the component
    for (const kind of ['inputs', 'outputs'] as const) {
      for (const name of Object.keys(e.node[kind] ?? {})) {
        if (IDENTIFIER.test(name)) continue;
        nodeIssue(ctx, e, 'error', 'schema', [kind, name],
          `${kind === 'inputs' ? 'Input' : 'Output'} name '${name}' of node '${e.node.id}' ${rule}, so that {{${kind}.NAME}} can refer to it.`);
      }
    }
  }
}
