/**
 * Argo Workflows export: one Workflow whose entrypoint is a DAG template with one task per node, each
 * calling its own container template. The layout follows Argo's own examples (dag-diamond,
 * artifact-passing): parameters travel as `{{...}}` references, artifacts as `from:` references resolved
 * through the cluster's artifact repository.
 */
import { isArtifactType } from '../../spec/schema.js';
import type { Plan, PlanInput, PlanNode } from '../plan.js';
import { formatValue, renderCommand, templateParts } from '../render.js';
import {
  inputArtifactPath, k8sResources, outputPath, shortHash, ARTIFACT_ROOT, type ExportResult, type Exporter,
} from './common.js';
import {
  cacheWarning, deadlineSeconds, envVars, escapeK8sExpansion, hostFolderWarnings, imageOf, secretNameWarnings, shmVolume,
  LABEL_NODE, LABEL_PIPELINE, type Volume, type VolumeMount,
} from './container.js';
import { writeArgo } from './argo-text.js';

type Json = Record<string, unknown>;

/** An emptyDir at /pipewright/outputs, so the folder exists and is writable whatever user the image runs as. */
export const ARGO_OUTPUTS_VOLUME = 'pipewright-outputs';

/** Argo's spelling of each reference the exported Workflow uses. */
export const argoRef = {
  workflowParam: (name: string) => `{{workflow.parameters.${name}}}`,
  inputParam: (name: string) => `{{inputs.parameters.${name}}}`,
  taskParam: (task: string, name: string) => `{{tasks.${task}.outputs.parameters.${name}}}`,
  taskArtifact: (task: string, name: string) => `{{tasks.${task}.outputs.artifacts.${name}}}`,
};

/**
 * Workflow names become label values (≤ 63) after Argo appends 5 random characters to generateName,
 * so the prefix keeps at most 57 characters plus the dash.
 */
const GENERATE_NAME_MAX = 57;

/**
 * Exports a plan as one Argo Workflow (argoproj.io/v1alpha1). The YAML is written directly from the plan
 * (argo-text.ts); the object is built only when read, by buildArgo, whose emitted YAML is the same text
 * byte for byte (text-path.test.ts).
 */
export const exportArgo: Exporter = (plan: Plan): ExportResult => {
  const { yaml, warnings } = writeArgo(plan);
  let objects: unknown[] | undefined;
  return { get objects() { return (objects ??= buildArgo(plan).objects); }, documents: 1, yaml, warnings };
};

/** The Workflow and warnings, built as plain data: the reference the written YAML must match. */
export function buildArgo(plan: Plan): { objects: unknown[]; warnings: string[] } {
  const warnings: string[] = [];
  const entrypoint = entrypointName(plan);
  const templates: Json[] = [
    { name: entrypoint, dag: { tasks: plan.nodes.map(dagTask) } },
    ...plan.nodes.map((n) => containerTemplate(plan, n, warnings)),
  ];
  return { objects: [workflowOf(plan, entrypoint, templates, warnings)], warnings };
}

/**
 * The Workflow around its templates, and the warnings that follow the nodes' own. `templates` comes
 * last, so leaving it undefined gives the text that precedes them.
 */
export function workflowOf(plan: Plan, entrypoint: string, templates: Json[] | undefined, warnings: string[]): Json {
  const params = Object.entries(plan.params).map(([name, p]) => ({
    name, value: formatValue(p.value), ...(p.description ? { description: p.description } : {}),
  }));
  for (const p of params) warnTemplateSyntax(p.value, `Pipeline param '${p.name}'`, warnings);
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${generateNamePrefix(plan.name)}-`,
      labels: { ...plan.labels, [LABEL_PIPELINE]: plan.name },
      // The annotation Argo's UI shows as the workflow's description.
      ...(plan.description ? { annotations: { 'workflows.argoproj.io/description': plan.description } } : {}),
    },
    spec: {
      entrypoint,
      ...(params.length ? { arguments: { parameters: params } } : {}),
      templates,
    },
  };
  warnings.push(...cacheWarning(plan.nodes, 'Argo'), ...hostFolderWarnings(plan.nodes, 'Argo'));
  return workflow;
}

/** `main`, unless a node already took that template name. */
export function entrypointName(plan: Plan): string {
  const ids = new Set(plan.nodes.map((n) => n.id));
  let name = 'main';
  while (ids.has(name)) name = `${name}-dag`;
  return name;
}

function generateNamePrefix(name: string): string {
  if (name.length <= GENERATE_NAME_MAX) return name;
  const hash = shortHash(name);
  return `${name.slice(0, GENERATE_NAME_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

export function header(plan: Plan): string {
  return [
    `# Argo Workflow exported by Pipewright from pipeline '${plan.name}'.`,
    '# Needs Argo Workflows >= 3.6 (retryStrategy.backoff.cap) and a default artifact repository,',
    '# which carries the artifacts passed between steps. Submit with `argo submit FILE [-p name=value]`.',
    '',
  ].join('\n');
}

/** The task of a node: its dependencies (as `dependencies`, the plain list form) and its arguments. */
function dagTask(node: PlanNode): Json {
  const parameters: Json[] = [];
  const artifacts: Json[] = [];
  for (const input of node.inputs) {
    const src = input.source;
    if (src.kind === 'artifact') artifacts.push({ name: input.name, from: argoRef.taskArtifact(src.node, src.output) });
    else parameters.push({ name: input.name, value: argumentValue(input) });
  }
  // Built key by key (optional keys only when set): this runs once per node on 10,000-node pipelines.
  const task: Json = { name: node.id, template: node.id };
  if (node.dependsOn.length) task.dependencies = node.dependsOn;
  if (parameters.length || artifacts.length) {
    const args: Json = {};
    if (parameters.length) args.parameters = parameters;
    if (artifacts.length) args.artifacts = artifacts;
    task.arguments = args;
  }
  return task;
}

/** A parameter argument: another task's output, a workflow parameter, or the literal text. */
export function argumentValue(input: PlanInput): string {
  const src = input.source;
  if (src.kind === 'parameter') return argoRef.taskParam(src.node, src.output);
  if (src.kind === 'value' && src.param !== undefined) return argoRef.workflowParam(src.param);
  if (src.kind === 'value') return formatValue(src.value);
  throw new Error(`input '${input.name}' is an artifact, not a parameter`);
}

function containerTemplate(plan: Plan, node: PlanNode, warnings: string[]): Json {
  warnings.push(...secretNameWarnings(node));
  warnNodeTemplateSyntax(node, warnings);
  const inputParams: Json[] = [];
  const inputArtifacts: Json[] = [];
  for (const i of node.inputs) {
    if (i.source.kind === 'artifact') inputArtifacts.push({ name: i.name, path: inputArtifactPath(i.name) });
    else inputParams.push({ name: i.name });
  }
  const outputParams: Json[] = [];
  const outputArtifacts: Json[] = [];
  for (const o of node.outputs) {
    if (isArtifactType(o.type)) outputArtifacts.push({ name: o.name, path: outputPath(o.name) });
    else outputParams.push({ name: o.name, valueFrom: { path: outputPath(o.name) } });
  }

  const command = argoCommand(node);

  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  if (node.outputs.length) {
    volumes.push({ name: ARGO_OUTPUTS_VOLUME, emptyDir: {} });
    mounts.push({ name: ARGO_OUTPUTS_VOLUME, mountPath: `${ARTIFACT_ROOT}/outputs` });
  }
  const shm = shmVolume(node);
  if (shm) { volumes.push(shm.volume); mounts.push(shm.mount); }

  const env = envVars(node.env);
  const resources = k8sResources(node.resources);
  const deadline = deadlineSeconds(node.timeoutSeconds);

  // Built key by key (optional keys only when set): this runs once per node on 10,000-node pipelines.
  const metadata: Json = { labels: { [LABEL_PIPELINE]: plan.name, [LABEL_NODE]: node.id } };
  if (node.name) metadata.annotations = { 'pipewright.dev/name': node.name };
  const template: Json = { name: node.id, metadata };
  if (inputParams.length || inputArtifacts.length) {
    const inputs: Json = {};
    if (inputParams.length) inputs.parameters = inputParams;
    if (inputArtifacts.length) inputs.artifacts = inputArtifacts;
    template.inputs = inputs;
  }
  if (outputParams.length || outputArtifacts.length) {
    const outputs: Json = {};
    if (outputParams.length) outputs.parameters = outputParams;
    if (outputArtifacts.length) outputs.artifacts = outputArtifacts;
    template.outputs = outputs;
  }
  // Argo names the main container `main` whatever is written; the core Container type requires a name.
  const container: Json = { name: 'main', image: imageOf(node, warnings), command };
  if (node.workingDir) container.workingDir = node.workingDir;
  if (env.length) container.env = env;
  if (resources) container.resources = resources;
  if (mounts.length) container.volumeMounts = mounts;
  template.container = container;
  if (volumes.length) template.volumes = volumes;
  const retry = retryStrategy(node, warnings);
  if (retry) template.retryStrategy = retry;
  // Per pod (attempt), like the local executor's timeout; IntOrString, so quoted (see reference README).
  if (deadline !== undefined) template.activeDeadlineSeconds = String(deadline);
  return template;
}

/**
 * The node's argv. Argo substitutes {{inputs.parameters.x}} before the pod exists; the paths are fixed
 * per target. The rendered argv holds no `$` of ours, so escaping all of it only protects the node's
 * literal text.
 */
export function argoCommand(node: PlanNode): string[] {
  return renderCommand(node, {
    artifactPath: (i) => inputArtifactPath(i.name),
    parameterValue: (i) => argoRef.inputParam(i.name),
    outputPath,
  }).map(escapeK8sExpansion);
}

/**
 * Retries with exponential back-off. `cap` is the longest single wait (our `max`); Argo's `maxDuration`
 * bounds the whole retrying instead, which Pipewright has no setting for. retryPolicy Always retries
 * errors (evicted or lost pods) as well as failures, as the local engine retries any failed attempt.
 */
export function retryStrategy(node: PlanNode, warnings: string[]): Json | undefined {
  const r = node.retries;
  if (r.count <= 0) return undefined;
  let factor = r.factor;
  if (!Number.isInteger(factor)) {
    // Argo reads the factor as an integer (IntOrString); rounding up keeps the waits at least as long.
    factor = Math.ceil(factor);
    warnings.push(`Node '${node.id}': Argo's back-off factor is a whole number, so ${r.factor} becomes ${factor}.`);
  }
  return {
    limit: String(r.count),
    retryPolicy: 'Always',
    backoff: { duration: `${r.initialSeconds}s`, factor: String(factor), cap: `${r.maxSeconds}s` },
  };
}

/**
 * Argo evaluates `{{...}}` anywhere in a template and has no escape for it, so literal text that holds
 * `{{` would be misread or rejected; say so instead of exporting something that breaks at submit time.
 */
export function warnNodeTemplateSyntax(node: PlanNode, warnings: string[]): void {
  for (const arg of node.command) {
    // Only text holding `{{` can warn, and every placeholder starts with it: the rest needs no parsing.
    if (!arg.includes('{{')) continue;
    for (const part of templateParts(arg)) {
      if ('text' in part) warnTemplateSyntax(part.text, `Node '${node.id}': the command`, warnings);
    }
  }
  for (const input of node.inputs) {
    if (input.source.kind === 'value' && input.source.param === undefined) {
      warnTemplateSyntax(formatValue(input.source.value), `Node '${node.id}': input '${input.name}'`, warnings);
    }
  }
  for (const [name, v] of Object.entries(node.env)) {
    if (typeof v === 'string') warnTemplateSyntax(v, `Node '${node.id}': env ${name}`, warnings);
  }
}

function warnTemplateSyntax(text: string, what: string, warnings: string[]): void {
  if (text.includes('{{')) warnings.push(`${what} holds '{{', which Argo reads as a template expression; change the text or the step may fail.`);
}
