/**
 * Kubernetes export without a workflow engine: one batch/v1 Job per node, a ConfigMap with the pipeline
 * params and one ReadWriteMany PVC that carries artifacts (and completion markers) between nodes.
 *
 * Every pod looks like this:
 *   initContainers: wait-upstream (busybox; only with upstream nodes) -> run (the node's own image and argv)
 *   containers:     mark-done (busybox; `touch nodes/<id>/.done` on the PVC)
 * Init containers run in order and must succeed, so the marker exists only after the node's step
 * succeeded; no shell is needed in the node's image. The wait script is a constant: upstream ids, env
 * names and file paths reach it as arguments, never as script text.
 *
 * Values: pipeline params come from the ConfigMap (env `configMapKeyRef`); values another node produces
 * at run time are copied by wait-upstream into an env file on an emptyDir and read with `fileKeyRef`
 * (Kubernetes 1.35+, or 1.34 with the EnvFiles gate). The argv refers to both as `$(VAR)`, which the
 * kubelet expands.
 *
 * PVC layout: nodes/<id>/outputs/<output> (what the node writes) and nodes/<id>/.done. The step sees
 * the same paths as in every target: its outputs folder is mounted at /pipewright/outputs and each
 * input artifact at /pipewright/inputs/<name> (subPath mounts, read-only).
 */
import { DNS1123_LABEL, IDENTIFIER } from '../../spec/names.js';
import { CompileError, type Plan, type PlanInput, type PlanNode } from '../plan.js';
import { formatValue, renderCommand } from '../render.js';
import {
  inputArtifactPath, k8sName, k8sResources, outputPath, ARTIFACT_ROOT, type ExportResult, type Exporter,
} from './common.js';
import {
  cacheWarning, deadlineSeconds, envVars, escapeK8sExpansion, hostFolderWarnings, imageOf, secretNameWarnings, shmVolume,
  LABEL_NODE, LABEL_PIPELINE, type EnvVar, type Volume, type VolumeMount,
} from './container.js';
import { writeK8s } from './k8s-text.js';

type Json = Record<string, unknown>;

/** Size of the artifact PVC; edit the exported file when a pipeline's artifacts need more. */
export const K8S_PVC_SIZE = '10Gi';
/** Image of the wait and mark-done helpers: small, pinned, with sh, test and touch. */
export const K8S_HELPER_IMAGE = 'busybox:1.37';
/** Annotation listing the upstream Job's node ids, comma-separated, in plan order. */
export const ANNOTATION_DEPENDS_ON = 'pipewright.dev/depends-on';
/** Env var through which a step reads a pipeline param from the ConfigMap. */
export const paramEnvName = (param: string) => `PIPEWRIGHT_PARAM_${param}`;

/** Env var through which a step reads a value another node produced at run time. */
export const valueEnvName = (input: string) => `PIPEWRIGHT_VALUE_${input}`;

export const PVC_VOLUME = 'pipewright';
export const ENV_VOLUME = 'pipewright-env';
export const ENV_FILE = 'values.env';
const WAIT_POLL_SECONDS = 5;
/**
 * Arguments: upstream node ids, `--`, then pairs of env name and file (under nodes/ on the PVC). Waits
 * for each id's `.done` marker, then writes each file's content as NAME='value' into the env file, the
 * only quoting the kubelet's env-file parser knows; a value holding a single quote fails the step.
 * Constant text: ids are DNS-1123 labels, names and paths are built from identifiers. Backquotes
 * instead of `$(...)` keep the text clear of the kubelet's own `$(VAR)` expansion.
 */
export const WAIT_SCRIPT = [
  `while [ "$1" != -- ]; do until [ -e "${ARTIFACT_ROOT}/nodes/$1/.done" ]; do sleep ${WAIT_POLL_SECONDS}; done; echo "$1 is done"; shift; done; shift`,
  `while [ $# -gt 0 ]; do v=\`cat "${ARTIFACT_ROOT}/nodes/$2"\` || exit 1`,
  `case "$v" in *"'"*) echo "$1: a value holding a single quote cannot be passed" >&2; exit 1;; esac`,
  `printf "%s='%s'\\n" "$1" "$v" >> ${ARTIFACT_ROOT}/env/${ENV_FILE}; shift 2; done`,
].join('; ');

export const HELPER_RESOURCES = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } };

/**
 * Exports a plan as Kubernetes objects: [ConfigMap (when there are params), PVC, Job per node]. The YAML is
 * written directly from the plan (k8s-text.ts); the objects are built only when read, by buildK8s, whose
 * emitted YAML is the same text byte for byte (k8s-text.test.ts).
 */
export const exportK8s: Exporter = (plan: Plan): ExportResult => {
  checkNames(plan);
  const { yaml, warnings } = writeK8s(plan);
  let objects: unknown[] | undefined;
  // ConfigMap (with params), PVC, one Job per node.
  const documents = (Object.keys(plan.params).length ? 1 : 0) + 1 + plan.nodes.length;
  return { get objects() { return (objects ??= buildK8s(plan).objects); }, documents, yaml, warnings };
};

/** The exported objects and warnings, built as plain data: the reference the written YAML must match. */
export function buildK8s(plan: Plan): { objects: Json[]; warnings: string[] } {
  checkNames(plan);
  const warnings: string[] = [];
  const names = {
    configMap: k8sName(plan.name, 'params'),
    pvc: k8sName(plan.name, 'artifacts'),
    job: (id: string) => k8sName(plan.name, id),
  };
  const labels = { ...plan.labels, [LABEL_PIPELINE]: plan.name };
  const objects: Json[] = [];
  if (Object.keys(plan.params).length) {
    objects.push({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: names.configMap, labels },
      data: Object.fromEntries(Object.entries(plan.params).map(([k, p]) => [k, formatValue(p.value)])),
    });
  }
  objects.push({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: names.pvc, labels },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: K8S_PVC_SIZE } } },
  });
  const deadlines = jobDeadlines(plan, warnings);
  for (const node of plan.nodes) {
    const nodeLabels = { ...labels, [LABEL_NODE]: node.id };
    const deadline = deadlines.get(node.id);
    // Built key by key (optional keys only when set): this runs once per node on 10,000-node pipelines.
    const annotations: Json = { [ANNOTATION_DEPENDS_ON]: node.dependsOn.join(',') };
    if (node.name) annotations['pipewright.dev/name'] = node.name;
    const spec: Json = { backoffLimit: node.retries.count };
    if (deadline !== undefined) spec.activeDeadlineSeconds = deadline;
    spec.template = {
      metadata: { labels: nodeLabels },
      spec: podSpec(node, names.pvc, names.configMap, warnings),
    };
    objects.push({
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name: names.job(node.id), labels: nodeLabels, annotations },
      spec,
    });
    if (node.retries.count > 0) {
      warnings.push(`Node '${node.id}': Kubernetes Jobs retry with their own back-off (10s, doubling, at most 6m), so the retry back-off settings are not exported.`);
    }
  }
  warnings.push(...cacheWarning(plan.nodes, 'Kubernetes'));
  warnings.push(...hostFolderWarnings(plan.nodes, 'Kubernetes'));
  return { objects, warnings };
}

export function header(plan: Plan): string {
  return [
    `# Kubernetes Jobs exported by Pipewright from pipeline '${plan.name}': one Job per node, a ConfigMap`,
    `# with the pipeline params and a ReadWriteMany PVC (${K8S_PVC_SIZE}) carrying artifacts between nodes; its storage`,
    '# class must offer ReadWriteMany (NFS, CephFS, EFS, Filestore...). Each Job waits for the `.done` markers',
    '# of its upstream nodes, so apply everything at once: kubectl apply -f FILE. To run again, delete first',
    '# (kubectl delete -f FILE): Jobs are immutable and the PVC holds this run\'s markers.',
    '',
  ].join('\n');
}

/**
 * Node ids become path segments on the PVC and arguments of the wait script; input and output names
 * become path segments. Validation guarantees both; checking again here keeps the shell and the
 * subPaths safe even for a plan that skipped it.
 */
export function checkNames(plan: Plan): void {
  for (const n of plan.nodes) {
    if (!DNS1123_LABEL.test(n.id)) throw new CompileError(`node id '${n.id}' is not a DNS-1123 label`);
    for (const p of [...n.inputs, ...n.outputs]) {
      if (!IDENTIFIER.test(p.name)) throw new CompileError(`node '${n.id}': port name '${p.name}' is not an identifier`);
    }
  }
}

function podSpec(node: PlanNode, pvc: string, configMap: string, warnings: string[]): Json {
  warnings.push(...secretNameWarnings(node));
  const volumes: Volume[] = [{ name: PVC_VOLUME, persistentVolumeClaim: { claimName: pvc } }];
  const initContainers: Json[] = [];
  const values = runtimeValues(node);
  if (values.length) volumes.push({ name: ENV_VOLUME, emptyDir: {} });
  if (node.dependsOn.length) {
    initContainers.push({
      name: 'wait-upstream',
      image: K8S_HELPER_IMAGE,
      command: ['sh', '-c', WAIT_SCRIPT, 'wait-upstream', ...node.dependsOn, '--',
        ...values.flatMap((v) => [valueEnvName(v.input), `${v.node}/outputs/${v.output}`])],
      resources: HELPER_RESOURCES,
      volumeMounts: [
        { name: PVC_VOLUME, mountPath: `${ARTIFACT_ROOT}/nodes`, subPath: 'nodes', readOnly: true },
        ...(values.length ? [{ name: ENV_VOLUME, mountPath: `${ARTIFACT_ROOT}/env` }] : []),
      ],
    });
  }
  if (values.length) {
    warnings.push(`Node '${node.id}': ${values.map((v) => `'${v.input}'`).join(', ')} ${values.length === 1 ? 'is a value' : 'are values'} produced at run time, read from an env file (fileKeyRef), which needs Kubernetes 1.35 or later (1.34 with the EnvFiles feature gate).`);
  }
  initContainers.push(runContainer(node, configMap, volumes, warnings));
  return {
    restartPolicy: 'Never',
    initContainers,
    containers: [{
      name: 'mark-done',
      image: K8S_HELPER_IMAGE,
      command: ['touch', `${ARTIFACT_ROOT}/node/.done`],
      resources: HELPER_RESOURCES,
      volumeMounts: [{ name: PVC_VOLUME, mountPath: `${ARTIFACT_ROOT}/node`, subPath: `nodes/${node.id}` }],
    }],
    volumes,
  };
}

/** Where an upstream output lives on the PVC. */
export const pvcOutput = (node: string, output: string) => `nodes/${node}/outputs/${output}`;

/** Inputs whose value another node writes at run time, with where it lands on the PVC. */
export function runtimeValues(node: PlanNode): { input: string; node: string; output: string }[] {
  return node.inputs.flatMap((i) => (i.source.kind === 'parameter' ? [{ input: i.name, node: i.source.node, output: i.source.output }] : []));
}

function runContainer(node: PlanNode, configMap: string, volumes: Volume[], warnings: string[]): Json {
  const mounts: VolumeMount[] = [];
  if (node.outputs.length) {
    mounts.push({ name: PVC_VOLUME, mountPath: `${ARTIFACT_ROOT}/outputs`, subPath: `nodes/${node.id}/outputs` });
  }
  const paramEnv: EnvVar[] = [];
  for (const input of node.inputs) {
    const src = input.source;
    if (src.kind === 'artifact') {
      mounts.push({ name: PVC_VOLUME, mountPath: inputArtifactPath(input.name), subPath: pvcOutput(src.node, src.output), readOnly: true });
    }
    if (src.kind === 'parameter') {
      const name = valueEnvName(input.name);
      paramEnv.push({ name, valueFrom: { fileKeyRef: { volumeName: ENV_VOLUME, path: ENV_FILE, key: name } } });
    }
    if (src.kind === 'value' && src.param !== undefined) {
      const name = paramEnvName(src.param);
      if (!paramEnv.some((e) => e.name === name)) paramEnv.push({ name, valueFrom: { configMapKeyRef: { name: configMap, key: src.param } } });
    }
  }
  const shm = shmVolume(node);
  if (shm) { volumes.push(shm.volume); mounts.push(shm.mount); }
  const env = [...envVars(node.env), ...paramEnv];
  const resources = k8sResources(node.resources);
  const container: Json = { name: 'run', image: imageOf(node, warnings), command: k8sCommand(node) };
  if (node.workingDir) container.workingDir = node.workingDir;
  if (env.length) container.env = env;
  if (resources) container.resources = resources;
  if (mounts.length) container.volumeMounts = mounts;
  return container;
}

/**
 * The argv with pipeline params as `$(PIPEWRIGHT_PARAM_x)` and run-time values as
 * `$(PIPEWRIGHT_VALUE_x)`, which the kubelet expands from the env (so editing the ConfigMap changes the
 * next run without touching the Jobs). All other text is escaped so the kubelet leaves it alone. Param references are first rendered as NUL-delimited
 * tokens (text in a spec cannot hold NUL), escaping runs, then the tokens become the references.
 */
export function k8sCommand(node: PlanNode): string[] {
  const refs: string[] = [];
  const parameterValue = (input: PlanInput): string => {
    const src = input.source;
    if (src.kind === 'artifact') throw new Error(`input '${input.name}' is an artifact, not a parameter`);
    if (src.kind === 'value' && src.param === undefined) return formatValue(src.value);
    refs.push(`$(${src.kind === 'parameter' ? valueEnvName(input.name) : paramEnvName(src.param!)})`);
    return `\u0000${refs.length - 1}\u0000`;
  };
  return renderCommand(node, { artifactPath: (i) => inputArtifactPath(i.name), parameterValue, outputPath }).map((arg) => {
    const escaped = escapeK8sExpansion(arg);
    return escaped.includes('\u0000') ? escaped.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => refs[Number(i)]!) : escaped;
  });
}

/**
 * Job deadlines. A Job's activeDeadlineSeconds runs from the Job's start across all its attempts, and
 * every Job starts when the file is applied, so it must cover the wait for upstream nodes too:
 *   deadline = timeout × attempts + Kubernetes' retry back-off + the latest upstream deadline + one poll.
 * A node with a timeout downstream of a node without one cannot be bounded; its timeout is left out
 * (with a warning) rather than killing it while it waits.
 */
export function jobDeadlines(plan: Plan, warnings: string[]): Map<string, number> {
  const finishBy = new Map<string, number | undefined>();
  const deadlines = new Map<string, number>();
  for (const node of plan.nodes) { // topological order: upstream nodes come first
    const timeout = deadlineSeconds(node.timeoutSeconds);
    if (timeout === undefined) { finishBy.set(node.id, undefined); continue; }
    const unbounded = node.dependsOn.find((d) => finishBy.get(d) === undefined);
    if (unbounded !== undefined) {
      warnings.push(`Node '${node.id}': its timeout is not exported. A Job's deadline also counts the wait for upstream nodes, and '${unbounded}' has no timeout to bound that wait.`);
      finishBy.set(node.id, undefined);
      continue;
    }
    const count = node.retries.count;
    let deadline = timeout * (count + 1) + jobBackoffSeconds(count);
    if (node.dependsOn.length) deadline += Math.max(...node.dependsOn.map((d) => finishBy.get(d)!)) + WAIT_POLL_SECONDS;
    finishBy.set(node.id, deadline);
    deadlines.set(node.id, deadline);
  }
  return deadlines;
}

/** The Job controller waits 10s, 20s, 40s... (at most 6m) before each new attempt. */
export function jobBackoffSeconds(retries: number): number {
  let total = 0;
  for (let i = 0; i < retries; i++) total += Math.min(10 * 2 ** i, 360);
  return total;
}
