/**
 * Kubeflow Pipelines v2 IR (PipelineSpec, schemaVersion 2.1.0), the format `kfp.compiler` writes and both
 * Kubeflow Pipelines and Vertex AI Pipelines run. Field names follow api/v2alpha1/pipeline_spec.proto in
 * its JSON (camelCase) form; the layout mirrors what the KFP SDK writes: one `comp-<task>` component and
 * one `exec-<task>` executor per task, keys sorted. Secrets, timeouts and shared memory go to the optional
 * second document, the `platforms.kubernetes` PlatformSpec of kfp-kubernetes.
 */
import { isArtifactType, type PortType } from '../../spec/schema.js';
import { parseQuantity } from '../../spec/units.js';
import type { Plan, PlanInput, PlanNode } from '../plan.js';
import { renderCommand } from '../render.js';
import { toYaml, type ExportResult, type Exporter } from './common.js';
import { deadlineSeconds, hostFolderWarnings, imageOf, secretNameWarnings, SHM_VOLUME } from './container.js';
import { writeKfp } from './kfp-text.js';

/** The IR version this exporter writes; Kubeflow 2.x and Vertex AI both accept it. */
export const KFP_SCHEMA_VERSION = '2.1.0';
/** Written as `sdkVersion` so a reader can tell who compiled the file (the KFP SDK writes `kfp-2.x.y`). */
export const KFP_SDK_VERSION = 'pipewright-0.1.0';
/** KFP caps the retry back-off at one hour (RetryPolicy.backoff_max_duration). */
const MAX_BACKOFF_SECONDS = 3600;

export const ARTIFACT_SCHEMA: Record<string, string> = {
  dataset: 'system.Dataset', model: 'system.Model', metrics: 'system.Metrics', file: 'system.Artifact',
};

/** The KFP `artifactType` of an artifact port. */
export function kfpArtifactType(type: PortType): { schemaTitle: string; schemaVersion: string } {
  return { schemaTitle: ARTIFACT_SCHEMA[type] ?? 'system.Artifact', schemaVersion: '0.0.1' };
}

/** The KFP ParameterTypeEnum of a parameter port; `json` is LIST for arrays and STRUCT otherwise. */
export function kfpParameterType(type: PortType, value?: unknown): string {
  switch (type) {
    case 'string': return 'STRING';
    case 'number': return 'NUMBER_DOUBLE';
    case 'integer': return 'NUMBER_INTEGER';
    case 'boolean': return 'BOOLEAN';
    case 'json': return Array.isArray(value) ? 'LIST' : 'STRUCT';
    default: return 'STRING'; // an artifact port given a literal travels as text (see artifactLiteral)
  }
}

const quoted = (name: string) => `'${name}'`;
/** KFP placeholders, spelled exactly as the SDK spells them. */
export const kfpPlaceholder = {
  inputParameter: (name: string) => `{{$.inputs.parameters[${quoted(name)}]}}`,
  inputArtifactPath: (name: string) => `{{$.inputs.artifacts[${quoted(name)}].path}}`,
  outputArtifactPath: (name: string) => `{{$.outputs.artifacts[${quoted(name)}].path}}`,
  outputParameterFile: (name: string) => `{{$.outputs.parameters[${quoted(name)}].output_file}}`,
};

type Json = Record<string, unknown>;

/**
 * Exports a plan as KFP v2 IR: the PipelineSpec document, plus a PlatformSpec document when needed. The
 * YAML is written directly from the plan (kfp-text.ts); the objects are built only when read, by
 * buildKfp, whose emitted YAML is the same text byte for byte (text-path.test.ts).
 */
export const exportKfp: Exporter = (plan: Plan): ExportResult => {
  const written = writeKfp(plan);
  if (!written) { // a plan the text writer leaves to the objects (see writeKfp)
    const built = buildKfp(plan);
    return { objects: built.objects, documents: built.objects.length, yaml: header(plan) + toYaml(built.objects), warnings: built.warnings };
  }
  let objects: unknown[] | undefined;
  return { get objects() { return (objects ??= buildKfp(plan).objects); }, documents: written.documents, yaml: written.yaml, warnings: written.warnings };
};

/** The exported documents and warnings, built as plain data: the reference the written YAML must match. */
export function buildKfp(plan: Plan): { objects: unknown[]; warnings: string[] } {
  const warnings: string[] = [];
  const platformUse: string[] = [];
  // Per node, in plan order (which is the order of the warnings)...
  const nodes = plan.nodes;
  const built = nodes.map((node) => {
    const comp = `comp-${node.id}`;
    const exec = `exec-${node.id}`;
    return {
      comp, exec,
      component: component(node, exec),
      executor: { container: container(node, warnings) },
      task: task(node, comp, warnings),
      k8s: kubernetesConfig(node, platformUse),
    };
  });
  // ...then into the maps in sorted order of node ids, which is also the order of `comp-<id>` and
  // `exec-<id>`: one sort instead of building three 10,000-key objects and sorting each. The sort is
  // stable, so a repeated id keeps its last node, as assigning in plan order would.
  const byId = idOrder(nodes);
  const components: Json = {};
  const executors: Json = {};
  const tasks: Json = {};
  const platform: Json = {};
  for (const i of byId) {
    const b = built[i]!;
    components[b.comp] = b.component;
    executors[b.exec] = b.executor;
    tasks[nodes[i]!.id] = b.task;
    if (b.k8s) platform[b.exec] = b.k8s;
  }

  // Keys are written in sorted order, as the KFP SDK writes them (see sortedKeys).
  const root: Json = { dag: { tasks } };
  const params = pipelineInputs(plan);
  if (params) root.inputDefinitions = params;
  const spec = {
    components,
    deploymentSpec: { executors },
    pipelineInfo: pipelineInfo(plan),
    root,
    schemaVersion: KFP_SCHEMA_VERSION,
    sdkVersion: KFP_SDK_VERSION,
  };
  const objects: unknown[] = [spec];
  const platformDoc = platformDocument(plan, platform, platformUse, warnings);
  if (platformDoc) objects.push(platformDoc);
  return { objects, warnings };
}

/** Node indexes in sorted order of node ids (stable). */
export function idOrder(nodes: readonly PlanNode[]): number[] {
  return nodes.map((_, i) => i).sort((a, b) => compareKeys(nodes[a]!.id, nodes[b]!.id));
}

/** `root.inputDefinitions`: the pipeline params, or undefined for none. */
export function pipelineInputs(plan: Plan): Json | undefined {
  const params: Json = {};
  for (const [name, p] of Object.entries(plan.params)) {
    const param: Json = { defaultValue: p.value };
    if (p.description) param.description = p.description;
    param.isOptional = true;
    param.parameterType = kfpParameterType(p.type, p.value);
    params[name] = param;
  }
  return Object.keys(params).length ? { parameters: sortedKeys(params) } : undefined;
}

export function pipelineInfo(plan: Plan): Json {
  return { ...(plan.description ? { description: plan.description } : {}), name: plan.name };
}

/**
 * The PlatformSpec document (undefined when no node needs one) and the warnings that follow the nodes'
 * own: platform settings, pipeline labels, display names, host folders.
 */
export function platformDocument(plan: Plan, platform: Json, platformUse: string[], warnings: string[]): Json | undefined {
  let doc: Json | undefined;
  if (Object.keys(platform).length) {
    doc = { platforms: { kubernetes: { deploymentSpec: { executors: platform } } } };
    warnings.push(`${platformUse.join('; ')}: these are set in the Kubernetes platform section, which Kubeflow `
      + 'Pipelines on Kubernetes honours and Vertex AI Pipelines ignores.');
  }
  if (Object.keys(plan.labels).length) {
    warnings.push(`Pipeline labels (${Object.keys(plan.labels).join(', ')}) are not part of the KFP IR; set them on the run instead.`);
  }
  const named = plan.nodes.filter((n) => n.name && n.name !== n.id);
  if (named.length) {
    warnings.push(`Display names of ${named.map((n) => `'${n.id}'`).join(', ')} are not exported; KFP shows task names (the node ids).`);
  }
  warnings.push(...hostFolderWarnings(plan.nodes, 'Kubeflow'));
  return doc;
}

function component(node: PlanNode, exec: string): Json {
  const inArtifacts: Json = {};
  const inParams: Json = {};
  for (const i of node.inputs) {
    if (i.source.kind === 'artifact') inArtifacts[i.name] = { artifactType: kfpArtifactType(i.type) };
    else inParams[i.name] = { parameterType: kfpParameterType(i.type, i.source.kind === 'value' ? i.source.value : undefined) };
  }
  const outArtifacts: Json = {};
  const outParams: Json = {};
  for (const o of node.outputs) {
    if (isArtifactType(o.type)) outArtifacts[o.name] = { artifactType: kfpArtifactType(o.type) };
    else outParams[o.name] = { parameterType: kfpParameterType(o.type) };
  }
  const c: Json = { executorLabel: exec };
  const inputs = definitions(inArtifacts, inParams);
  if (inputs) c.inputDefinitions = inputs;
  const outputs = definitions(outArtifacts, outParams);
  if (outputs) c.outputDefinitions = outputs;
  return c;
}

function definitions(artifacts: Json, parameters: Json): Json | undefined {
  const d: Json = {};
  if (Object.keys(artifacts).length) d.artifacts = sortedKeys(artifacts);
  if (Object.keys(parameters).length) d.parameters = sortedKeys(parameters);
  return Object.keys(d).length ? d : undefined;
}

function container(node: PlanNode, warnings: string[]): Json {
  const command = kfpCommand(node);
  const image = imageOf(node, warnings);
  containerWarnings(node, warnings);
  const env = kfpEnv(node);
  const resources = kfpResources(node, warnings);
  // The plan joins command and args; sending all of it as `command` runs the same argv.
  const c: Json = { command };
  if (env.length) c.env = env.map(([name, value]) => ({ name, value }));
  c.image = image;
  if (resources) c.resources = resources;
  return c;
}

/** The node's argv with KFP placeholders. */
export function kfpCommand(node: PlanNode): string[] {
  const outputs = new Map(node.outputs.map((o) => [o.name, o.type]));
  return renderCommand(node, {
    artifactPath: (i: PlanInput) => kfpPlaceholder.inputArtifactPath(i.name),
    // Every parameter, literal or not, is a task input so it shows in the KFP UI and feeds the cache key.
    parameterValue: (i: PlanInput) => kfpPlaceholder.inputParameter(i.name),
    outputPath: (name: string) => {
      const type = outputs.get(name);
      return type && !isArtifactType(type) ? kfpPlaceholder.outputParameterFile(name) : kfpPlaceholder.outputArtifactPath(name);
    },
  });
}

/** Literal env of the container; secrets go to the platform config. */
export function kfpEnv(node: PlanNode): [string, string][] {
  return Object.entries(node.env).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** What a node's container cannot carry into KFP as written (after the image's warning). */
export function containerWarnings(node: PlanNode, warnings: string[]): void {
  warnings.push(...secretNameWarnings(node));
  if (node.workingDir) warnings.push(`Node '${node.id}': KFP containers have no working directory, so '${node.workingDir}' is dropped (the image's WORKDIR applies).`);
  const json = node.outputs.filter((o) => o.type === 'json').map((o) => `'${o.name}'`);
  if (json.length) {
    warnings.push(`Node '${node.id}': KFP must know whether a json output is an object or a list; ${json.join(', ')} ${json.length > 1 ? 'are' : 'is'} declared STRUCT (an object), so writing a list there fails.`);
  }
  for (const i of node.inputs) {
    if (i.source.kind === 'value' && isArtifactType(i.type)) {
      warnings.push(`Node '${node.id}': input '${i.name}' is a ${i.type} given as a value; KFP passes it as a string parameter, not an artifact.`);
    }
  }
}

/**
 * ResourceSpec with both the current string fields (resourceCpuLimit, ...) and the deprecated numeric ones
 * (cpuLimit in cores, memoryLimit in GB), as the KFP SDK writes them, so older backends read them too.
 * Requests equal limits, as in the other exporters.
 */
export function kfpResources(node: PlanNode, warnings: string[]): Json | undefined {
  const r = node.resources;
  const cores = r.cpu !== undefined ? parseQuantity(r.cpu) : undefined;
  const bytes = r.memory !== undefined ? parseQuantity(r.memory) : undefined;
  if (r.cpu === undefined && r.memory === undefined && !r.gpu) return undefined;
  const out: Json = {};
  if (r.gpu) {
    out.accelerator = { count: String(r.gpu), resourceCount: String(r.gpu), resourceType: 'nvidia.com/gpu', type: 'nvidia.com/gpu' };
    warnings.push(`Node '${node.id}': the GPU type is 'nvidia.com/gpu' (Kubeflow); on Vertex AI change it to a machine accelerator such as NVIDIA_TESLA_T4.`);
  }
  // One key at a time: `a = b = v` would create b first.
  if (cores !== undefined) { out.cpuLimit = cores; out.cpuRequest = cores; }
  if (bytes !== undefined) { out.memoryLimit = bytes / 1e9; out.memoryRequest = bytes / 1e9; }
  if (r.cpu !== undefined) { out.resourceCpuLimit = String(r.cpu); out.resourceCpuRequest = String(r.cpu); }
  if (r.memory !== undefined) { out.resourceMemoryLimit = r.memory; out.resourceMemoryRequest = r.memory; }
  return out;
}

function task(node: PlanNode, comp: string, warnings: string[]): Json {
  const artifacts: Json = {};
  const parameters: Json = {};
  for (const i of node.inputs) {
    const s = i.source;
    if (s.kind === 'artifact') artifacts[i.name] = { taskOutputArtifact: { outputArtifactKey: s.output, producerTask: s.node } };
    else if (s.kind === 'parameter') parameters[i.name] = { taskOutputParameter: { outputParameterKey: s.output, producerTask: s.node } };
    else if (s.param !== undefined) parameters[i.name] = { componentInputParameter: s.param };
    else parameters[i.name] = { runtimeValue: { constant: s.value ?? null } };
  }
  const t: Json = {
    // The SDK writes `{}` for a disabled cache: proto3 leaves out the false default.
    cachingOptions: node.cache ? { enableCache: true } : {},
    componentRef: { name: comp },
  };
  if (node.dependsOn.length) t.dependentTasks = [...node.dependsOn].sort();
  const inputs = definitions(artifacts, parameters);
  if (inputs) t.inputs = inputs;
  const retry = retryPolicy(node, warnings);
  if (retry) t.retryPolicy = retry;
  t.taskInfo = { name: node.id };
  return t;
}

/** The task's retry policy, or undefined for no retries. */
export function retryPolicy(node: PlanNode, warnings: string[]): Json | undefined {
  const r = node.retries;
  if (r.count <= 0) return undefined;
  if (r.maxSeconds > MAX_BACKOFF_SECONDS) {
    warnings.push(`Node '${node.id}': KFP caps the retry back-off at 1h, so the maximum of ${r.maxSeconds}s becomes 3600s.`);
  }
  return {
    backoffDuration: `${r.initialSeconds}s`,
    backoffFactor: r.factor,
    backoffMaxDuration: `${Math.min(r.maxSeconds, MAX_BACKOFF_SECONDS)}s`,
    maxRetryCount: r.count,
  };
}

/** The kfp-kubernetes executor config of a node (secrets as env, timeout, shared memory), or undefined for none. */
export function kubernetesConfig(node: PlanNode, use: string[]): Json | undefined {
  const bySecret = new Map<string, { envVar: string; secretKey: string }[]>();
  for (const [envVar, v] of Object.entries(node.env)) {
    if (typeof v === 'string') continue;
    // Secret values never appear in the IR: only the secret's name and key, resolved by Kubernetes.
    const keyToEnv = bySecret.get(v.secret);
    if (keyToEnv) keyToEnv.push({ envVar, secretKey: v.key });
    else bySecret.set(v.secret, [{ envVar, secretKey: v.key }]);
  }
  if (bySecret.size) use.push(`secrets as env for '${node.id}'`);
  const deadline = deadlineSeconds(node.timeoutSeconds);
  if (deadline) use.push(`timeout of '${node.id}'`);
  // An in-memory emptyDir over /dev/shm: the usual Kubernetes way to grow shared memory.
  if (node.resources.shm) use.push(`shared memory of '${node.id}'`);
  if (!bySecret.size && !deadline && !node.resources.shm) return undefined;
  const out: Json = {};
  if (deadline) out.activeDeadlineSeconds = deadline;
  if (node.resources.shm) {
    out.emptyDirMounts = [{ medium: 'Memory', mountPath: '/dev/shm', sizeLimit: node.resources.shm, volumeName: SHM_VOLUME }];
  }
  if (bySecret.size) {
    out.secretAsEnv = [...bySecret].map(([name, keyToEnv]) => ({
      keyToEnv, optional: false, secretName: name, secretNameParameter: { runtimeValue: { constant: name } },
    }));
  }
  return out;
}

/** The comment block the KFP SDK puts on top of a compiled pipeline. */
export function header(plan: Plan): string {
  const line = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  const lines = ['# PIPELINE DEFINITION', `# Name: ${line(plan.name)}`];
  if (plan.description) lines.push(`# Description: ${line(plan.description)}`);
  const params = Object.entries(plan.params);
  if (params.length) {
    lines.push('# Inputs:');
    for (const [name, p] of params) lines.push(`#    ${name}: ${p.type} [Default: ${line(JSON.stringify(p.value) ?? 'null')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A map keyed by user-chosen names (node ids, port and param names) with its keys in sorted order, as the
 * KFP SDK writes every object. The exporter writes all other objects with their keys already in that
 * order, so nothing else needs sorting; user values (`constant`, `defaultValue`) keep their own order.
 */
/** Array.prototype.sort's default order (UTF-16 code units), which the KFP SDK's sorted keys follow. */
const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortedKeys(map: Json): Json {
  const keys = Object.keys(map);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! < keys[i]!;
  if (ordered) return map;
  const out: Json = {};
  for (const k of keys.sort()) {
    // A plain assignment to `__proto__` would set the prototype instead of adding the key.
    if (k === '__proto__') Object.defineProperty(out, k, { value: map[k], enumerable: true, writable: true, configurable: true });
    else out[k] = map[k];
  }
  return out;
}
