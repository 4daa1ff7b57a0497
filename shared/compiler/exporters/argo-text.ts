/**
 * The Argo export written as YAML text straight from the plan, without building the Workflow first:
 * at 10,000 nodes building its two templates per node and walking them again to emit them came close to
 * the 200 ms budget. The text is the same, byte for byte, as emitting buildArgo's object
 * (text-path.test.ts).
 */
import { isArtifactType } from '../../spec/schema.js';
import { yamlBlock, yamlField, yamlPad as pad, yamlString } from '../../yaml/emit.js';
import type { Plan, PlanNode } from '../plan.js';
import { inputArtifactPath, k8sResources, outputPath, toYaml, ARTIFACT_ROOT } from './common.js';
import {
  deadlineSeconds, envVars, imageOf, secretNameWarnings, shmVolume, LABEL_NODE, LABEL_PIPELINE,
} from './container.js';
import {
  argoCommand, argoRef, argumentValue, entrypointName, header, retryStrategy, warnNodeTemplateSyntax, workflowOf,
  ARGO_OUTPUTS_VOLUME,
} from './argo.js';

/** Nodes per joined chunk of text: flat strings every few nodes let the small pieces die young. */
const BATCH = 64;

/** The task of a node in the entrypoint's DAG, as dagTask builds it. */
function taskText(node: PlanNode): string {
  const id = yamlString(node.id);
  let s = `${pad(10)}- name: ${id}\n${pad(12)}template: ${id}\n`;
  if (node.dependsOn.length) {
    s += `${pad(12)}dependencies:\n`;
    for (const d of node.dependsOn) s += `${pad(14)}- ${yamlString(d)}\n`;
  }
  let parameters = '';
  let artifacts = '';
  for (const input of node.inputs) {
    const src = input.source;
    const name = `${pad(16)}- name: ${yamlString(input.name)}\n`;
    if (src.kind === 'artifact') artifacts += `${name}${pad(18)}from: ${yamlString(argoRef.taskArtifact(src.node, src.output))}\n`;
    else parameters += `${name}${pad(18)}value: ${yamlString(argumentValue(input))}\n`;
  }
  if (parameters || artifacts) {
    s += `${pad(12)}arguments:\n`;
    if (parameters) s += `${pad(14)}parameters:\n${parameters}`;
    if (artifacts) s += `${pad(14)}artifacts:\n${artifacts}`;
  }
  return s;
}

/** The container template of a node, as containerTemplate builds it. */
function templateText(node: PlanNode, pipelineLabel: string, warnings: string[]): string {
  warnings.push(...secretNameWarnings(node));
  warnNodeTemplateSyntax(node, warnings);
  let inParams = '';
  let inArtifacts = '';
  for (const i of node.inputs) {
    const name = `${pad(10)}- name: ${yamlString(i.name)}\n`;
    if (i.source.kind === 'artifact') inArtifacts += `${name}${pad(12)}path: ${yamlString(inputArtifactPath(i.name))}\n`;
    else inParams += name;
  }
  let outParams = '';
  let outArtifacts = '';
  for (const o of node.outputs) {
    const name = `${pad(10)}- name: ${yamlString(o.name)}\n`;
    if (isArtifactType(o.type)) outArtifacts += `${name}${pad(12)}path: ${yamlString(outputPath(o.name))}\n`;
    else outParams += `${name}${pad(12)}valueFrom:\n${pad(14)}path: ${yamlString(outputPath(o.name))}\n`;
  }
  const command = argoCommand(node);
  const shm = shmVolume(node);

  const id = yamlString(node.id);
  let s = `${pad(4)}- name: ${id}\n${pad(6)}metadata:\n${pad(8)}labels:\n${pipelineLabel}${pad(10)}${LABEL_NODE}: ${id}\n`;
  if (node.name) s += `${pad(8)}annotations:\n${yamlField('pipewright.dev/name', node.name, 10)}`;
  if (inParams || inArtifacts) {
    s += `${pad(6)}inputs:\n`;
    if (inParams) s += `${pad(8)}parameters:\n${inParams}`;
    if (inArtifacts) s += `${pad(8)}artifacts:\n${inArtifacts}`;
  }
  if (outParams || outArtifacts) {
    s += `${pad(6)}outputs:\n`;
    if (outParams) s += `${pad(8)}parameters:\n${outParams}`;
    if (outArtifacts) s += `${pad(8)}artifacts:\n${outArtifacts}`;
  }
  s += `${pad(6)}container:\n${pad(8)}name: main\n${yamlField('image', imageOf(node, warnings), 8)}`;
  if (command.length) {
    s += `${pad(8)}command:\n`;
    for (const arg of command) s += `${pad(10)}- ${yamlString(arg)}\n`;
  } else s += `${pad(8)}command: []\n`;
  if (node.workingDir) s += yamlField('workingDir', node.workingDir, 8);
  const env = envVars(node.env);
  if (env.length) {
    s += `${pad(8)}env:\n`;
    for (const e of env) s += yamlBlock(e, 12, `${pad(10)}- `);
  }
  s += yamlField('resources', k8sResources(node.resources), 8);
  if (node.outputs.length || shm) {
    s += `${pad(8)}volumeMounts:\n`;
    if (node.outputs.length) s += outputsVolume().mount;
    if (shm) s += yamlBlock(shm.mount, 12, `${pad(10)}- `);
    s += `${pad(6)}volumes:\n`;
    if (node.outputs.length) s += outputsVolume().volume;
    if (shm) s += yamlBlock(shm.volume, 10, `${pad(8)}- `);
  }
  s += yamlField('retryStrategy', retryStrategy(node, warnings), 6);
  const deadline = deadlineSeconds(node.timeoutSeconds);
  // Per pod (attempt), like the local executor's timeout; IntOrString, so quoted (see reference README).
  if (deadline !== undefined) s += yamlField('activeDeadlineSeconds', String(deadline), 6);
  return s;
}

/** The outputs emptyDir's mount and volume; rendered on first use, as argo.ts imports this module. */
let outputsText: { mount: string; volume: string } | undefined;
const outputsVolume = () => (outputsText ??= {
  mount: yamlBlock({ name: ARGO_OUTPUTS_VOLUME, mountPath: `${ARTIFACT_ROOT}/outputs` }, 12, `${pad(10)}- `),
  volume: yamlBlock({ name: ARGO_OUTPUTS_VOLUME, emptyDir: {} }, 10, `${pad(8)}- `),
});

/** The export's YAML text and warnings, exactly as buildArgo's object and warnings give them. */
export function writeArgo(plan: Plan): { yaml: string; warnings: string[] } {
  const warnings: string[] = [];
  const entrypoint = entrypointName(plan);
  const pipelineLabel = yamlField(LABEL_PIPELINE, plan.name, 10);
  const chunks: string[] = [];
  const batch: string[] = [];
  const add = (text: string) => {
    batch.push(text);
    if (batch.length === BATCH) { chunks.push(batch.join('')); batch.length = 0; }
  };
  add(`${pad(4)}- name: ${yamlString(entrypoint)}\n${pad(6)}dag:\n`);
  if (plan.nodes.length) {
    add(`${pad(8)}tasks:\n`);
    for (const node of plan.nodes) add(taskText(node));
  } else add(`${pad(8)}tasks: []\n`);
  for (const node of plan.nodes) add(templateText(node, pipelineLabel, warnings));
  chunks.push(batch.join(''));
  const shell = toYaml([workflowOf(plan, entrypoint, undefined, warnings)]);
  return { yaml: `${header(plan)}${shell}  templates:\n${chunks.join('')}`, warnings };
}
