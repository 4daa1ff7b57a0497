/**
 * The Kubernetes Jobs export written as YAML text straight from the plan, without building the objects
 * first: on 10,000-node pipelines building ~100 objects per Job and walking them again to emit them cost
 * more than the 200 ms budget, most of it in garbage collection. The text is the same, byte for byte, as
 * emitting buildK8s's objects (k8s-text.test.ts checks the examples and a generated pipeline); the
 * parts that are the same for every Job are rendered once per export and reused.
 */
import { yamlBlock, yamlField, yamlPad as pad, yamlString } from '../../yaml/emit.js';
import type { Plan, PlanNode } from '../plan.js';
import { formatValue } from '../render.js';
import { inputArtifactPath, k8sName, k8sResources, toYaml, ARTIFACT_ROOT } from './common.js';
import {
  cacheWarning, envVars, hostFolderWarnings, imageOf, secretNameWarnings, shmVolume, LABEL_NODE, LABEL_PIPELINE,
} from './container.js';
import {
  header, jobDeadlines, k8sCommand, paramEnvName, pvcOutput, runtimeValues, valueEnvName, ANNOTATION_DEPENDS_ON,
  ENV_FILE, ENV_VOLUME, HELPER_RESOURCES, K8S_HELPER_IMAGE, K8S_PVC_SIZE, PVC_VOLUME, WAIT_SCRIPT,
} from './k8s.js';

/** `- item` lines of a list of strings at `indent`, or ` []` text for an empty one (see listField). */
function listField(key: string, items: readonly string[], indent: number): string {
  if (!items.length) return yamlField(key, items, indent);
  const lead = `${pad(indent + 2)}- `;
  let s = `${pad(indent)}${key}:\n`;
  for (const item of items) s += `${lead}${yamlString(item)}\n`;
  return s;
}

/** Text that is the same in every export, rendered on first use (k8s.ts imports this module). */
let fixed: ReturnType<typeof fixedText> | undefined;
function fixedText() {
  const item = `${pad(8)}- `;
  const waitMount = { name: PVC_VOLUME, mountPath: `${ARTIFACT_ROOT}/nodes`, subPath: 'nodes', readOnly: true };
  const envMount = { name: ENV_VOLUME, mountPath: `${ARTIFACT_ROOT}/env` };
  const helperTail = yamlField('resources', HELPER_RESOURCES, 10);
  return {
    waitHead: yamlBlock({ name: 'wait-upstream', image: K8S_HELPER_IMAGE }, 10, item)
      + listField('command', ['sh', '-c', WAIT_SCRIPT, 'wait-upstream'], 10),
    waitTail: helperTail + yamlField('volumeMounts', [waitMount], 10),
    waitTailValues: helperTail + yamlField('volumeMounts', [waitMount, envMount], 10),
    markDone: `${pad(6)}containers:\n${yamlBlock({
      name: 'mark-done', image: K8S_HELPER_IMAGE, command: ['touch', `${ARTIFACT_ROOT}/node/.done`], resources: HELPER_RESOURCES,
    }, 10, item)}${pad(10)}volumeMounts:\n${pad(12)}- name: ${yamlString(PVC_VOLUME)}\n${pad(14)}mountPath: ${yamlString(`${ARTIFACT_ROOT}/node`)}\n`,
    envVolume: yamlBlock({ name: ENV_VOLUME, emptyDir: {} }, 10, item),
    outputsMount: `${pad(12)}- name: ${yamlString(PVC_VOLUME)}\n${pad(14)}mountPath: ${yamlString(`${ARTIFACT_ROOT}/outputs`)}\n`,
    inputMountHead: `${pad(12)}- name: ${yamlString(PVC_VOLUME)}\n`,
    readOnly: `${pad(14)}readOnly: true\n`,
  };
}

/** Jobs per joined chunk of text. */
const BATCH = 64;

/** The export's YAML text and warnings, exactly as buildK8s's objects and warnings give them. */
export function writeK8s(plan: Plan): { yaml: string; warnings: string[] } {
  const f = (fixed ??= fixedText());
  const warnings: string[] = [];
  const configMap = k8sName(plan.name, 'params');
  const pvc = k8sName(plan.name, 'artifacts');
  const labels = { ...plan.labels, [LABEL_PIPELINE]: plan.name };
  const docs: string[] = [];
  const head: object[] = [];
  if (Object.keys(plan.params).length) {
    head.push({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: configMap, labels },
      data: Object.fromEntries(Object.entries(plan.params).map(([k, p]) => [k, formatValue(p.value)])),
    });
  }
  head.push({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: pvc, labels },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: K8S_PVC_SIZE } } },
  });
  docs.push(toYaml(head));
  const chunks: string[] = [];

  // The node label comes last unless the pipeline's own labels already hold that key (then it keeps its place).
  const nodeLabelLast = !Object.prototype.hasOwnProperty.call(labels, LABEL_NODE);
  const labels4 = nodeLabelLast ? yamlBlock(labels, 4) : '';
  const labels8 = nodeLabelLast ? yamlBlock(labels, 8) : '';
  const nodeLabelKey = (indent: number) => `${pad(indent)}${LABEL_NODE}: `;
  const pvcVolume = `${pad(6)}volumes:\n${yamlBlock({ name: PVC_VOLUME, persistentVolumeClaim: { claimName: pvc } }, 10, `${pad(8)}- `)}`;
  /** Env entries reading a pipeline param from the ConfigMap: the same text in every Job that reads it. */
  const paramEnvText = new Map<string, string>();
  const paramEnv = (param: string) => {
    let text = paramEnvText.get(param);
    if (text === undefined) {
      const name = paramEnvName(param);
      text = yamlBlock({ name, valueFrom: { configMapKeyRef: { name: configMap, key: param } } }, 14, `${pad(12)}- `);
      paramEnvText.set(param, text);
    }
    return text;
  };

  const deadlines = jobDeadlines(plan, warnings);
  for (const node of plan.nodes) {
    const id = yamlString(node.id);
    const nodeLabels = (indent: number, block: string) => (nodeLabelLast
      ? `${block}${nodeLabelKey(indent)}${id}\n`
      : yamlBlock({ ...labels, [LABEL_NODE]: node.id }, indent));
    let s = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${yamlString(k8sName(plan.name, node.id))}\n  labels:\n${nodeLabels(4, labels4)}`
      + `  annotations:\n    ${ANNOTATION_DEPENDS_ON}: ${yamlString(node.dependsOn.join(','))}\n`;
    if (node.name) s += yamlField('pipewright.dev/name', node.name, 4);
    s += `spec:\n${yamlField('backoffLimit', node.retries.count, 2)}${yamlField('activeDeadlineSeconds', deadlines.get(node.id), 2)}`
      + `  template:\n    metadata:\n      labels:\n${nodeLabels(8, labels8)}    spec:\n      restartPolicy: Never\n      initContainers:\n`;
    s += podText(node, f, paramEnv, warnings);
    s += `${f.markDone}${pad(14)}subPath: ${yamlString(`nodes/${node.id}`)}\n${pvcVolume}`;
    if (runtimeValues(node).length) s += f.envVolume;
    const shm = shmVolume(node);
    if (shm) s += yamlBlock(shm.volume, 10, `${pad(8)}- `);
    docs.push(s);
    // Joined in batches: a flat string per few Jobs lets the many small pieces die young instead of
    // living (and being copied by the garbage collector) until one join at the end.
    if (docs.length === BATCH) { chunks.push(docs.join('---\n')); docs.length = 0; }
    if (node.retries.count > 0) {
      warnings.push(`Node '${node.id}': Kubernetes Jobs retry with their own back-off (10s, doubling, at most 6m), so the retry back-off settings are not exported.`);
    }
  }
  warnings.push(...cacheWarning(plan.nodes, 'Kubernetes'));
  warnings.push(...hostFolderWarnings(plan.nodes, 'Kubernetes'));
  if (docs.length) chunks.push(docs.join('---\n'));
  return { yaml: header(plan) + chunks.join('---\n'), warnings };
}

/** The init containers of a node's pod (wait-upstream, run), as podSpec and runContainer build them. */
function podText(node: PlanNode, f: NonNullable<typeof fixed>, paramEnv: (param: string) => string, warnings: string[]): string {
  warnings.push(...secretNameWarnings(node));
  const values = runtimeValues(node);
  let s = '';
  if (node.dependsOn.length) {
    s += f.waitHead;
    const lead = `${pad(12)}- `;
    for (const d of node.dependsOn) s += `${lead}${yamlString(d)}\n`;
    s += `${lead}${yamlString('--')}\n`;
    for (const v of values) s += `${lead}${yamlString(valueEnvName(v.input))}\n${lead}${yamlString(`${v.node}/outputs/${v.output}`)}\n`;
    s += values.length ? f.waitTailValues : f.waitTail;
  }
  if (values.length) {
    warnings.push(`Node '${node.id}': ${values.map((v) => `'${v.input}'`).join(', ')} ${values.length === 1 ? 'is a value' : 'are values'} produced at run time, read from an env file (fileKeyRef), which needs Kubernetes 1.35 or later (1.34 with the EnvFiles feature gate).`);
  }

  let mounts = '';
  if (node.outputs.length) mounts += `${f.outputsMount}${pad(14)}subPath: ${yamlString(`nodes/${node.id}/outputs`)}\n`;
  let env = '';
  const item = `${pad(12)}- `;
  for (const e of envVars(node.env)) env += yamlBlock(e, 14, item);
  const params = new Set<string>();
  for (const input of node.inputs) {
    const src = input.source;
    if (src.kind === 'artifact') {
      mounts += `${f.inputMountHead}${pad(14)}mountPath: ${yamlString(inputArtifactPath(input.name))}\n`
        + `${pad(14)}subPath: ${yamlString(pvcOutput(src.node, src.output))}\n${f.readOnly}`;
    }
    if (src.kind === 'parameter') {
      const name = valueEnvName(input.name);
      env += yamlBlock({ name, valueFrom: { fileKeyRef: { volumeName: ENV_VOLUME, path: ENV_FILE, key: name } } }, 14, item);
    }
    if (src.kind === 'value' && src.param !== undefined && !params.has(src.param)) {
      params.add(src.param);
      env += paramEnv(src.param);
    }
  }
  const shm = shmVolume(node);
  if (shm) mounts += yamlBlock(shm.mount, 14, item);

  s += `${pad(8)}- name: run\n${yamlField('image', imageOf(node, warnings), 10)}${listField('command', k8sCommand(node), 10)}`;
  if (node.workingDir) s += yamlField('workingDir', node.workingDir, 10);
  if (env) s += `${pad(10)}env:\n${env}`;
  s += yamlField('resources', k8sResources(node.resources), 10);
  if (mounts) s += `${pad(10)}volumeMounts:\n${mounts}`;
  return s;
}
