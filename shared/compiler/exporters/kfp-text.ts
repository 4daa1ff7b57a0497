/**
 * The KFP v2 IR export written as YAML text straight from the plan, without building the PipelineSpec
 * first: at 10,000 nodes building its ~40 objects per node and walking them again to emit them cost more
 * than the 200 ms budget. The text is the same, byte for byte, as emitting buildKfp's objects
 * (text-path.test.ts); per-type definitions are rendered once and reused.
 */
import { isArtifactType, type PortType } from '../../spec/schema.js';
import { yamlField, yamlKey, yamlPad as pad, yamlString } from '../../yaml/emit.js';
import type { Plan, PlanNode } from '../plan.js';
import { toYaml } from './common.js';
import { imageOf } from './container.js';
import {
  containerWarnings, header, idOrder, kfpArtifactType, kfpCommand, kfpEnv, kfpParameterType, kfpResources,
  kubernetesConfig, pipelineInfo, pipelineInputs, platformDocument, retryPolicy, KFP_SCHEMA_VERSION, KFP_SDK_VERSION,
} from './kfp.js';

/**
 * Keys whose place in a JS object is not where they were added (array indexes come first) or that
 * assignment treats specially (`__proto__`). Node ids and port names like these, and repeated ones,
 * are left to the objects, whose emitted text is right by construction.
 */
const ODD_KEY = /^(?:\d+|__proto__)$/;

function plainKeys(plan: Plan): boolean {
  const ids = new Set<string>();
  for (const node of plan.nodes) {
    if (ODD_KEY.test(node.id) || ids.has(node.id)) return false;
    ids.add(node.id);
    for (const ports of [node.inputs, node.outputs]) {
      for (let i = 0; i < ports.length; i++) {
        const name = ports[i]!.name;
        if (ODD_KEY.test(name)) return false;
        for (let j = 0; j < i; j++) if (ports[j]!.name === name) return false;
      }
    }
  }
  return true;
}

/** Sorted `[name, text]` entries of a map keyed by port names, as sortedKeys orders them. */
function mapText(key: string, entries: [string, string][], indent: number): string {
  if (!entries.length) return '';
  let ordered = true;
  for (let i = 1; i < entries.length && ordered; i++) ordered = entries[i - 1]![0] < entries[i]![0];
  if (!ordered) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let s = `${pad(indent)}${key}:\n`;
  for (const [name, text] of entries) s += `${pad(indent + 2)}${yamlKey(name)}:\n${text}`;
  return s;
}

/** `artifactType` of each artifact port type at the indentation of a component's definitions. */
const artifactTypeText = new Map<PortType, string>();
function artifactDefinition(type: PortType): string {
  let text = artifactTypeText.get(type);
  if (text === undefined) artifactTypeText.set(type, text = yamlField('artifactType', kfpArtifactType(type), 10));
  return text;
}
const parameterDefinition = (type: string) => `${pad(10)}parameterType: ${yamlString(type)}\n`;

function componentText(node: PlanNode, comp: string, exec: string): string {
  const inArtifacts: [string, string][] = [];
  const inParams: [string, string][] = [];
  for (const i of node.inputs) {
    if (i.source.kind === 'artifact') inArtifacts.push([i.name, artifactDefinition(i.type)]);
    else inParams.push([i.name, parameterDefinition(kfpParameterType(i.type, i.source.kind === 'value' ? i.source.value : undefined))]);
  }
  const outArtifacts: [string, string][] = [];
  const outParams: [string, string][] = [];
  for (const o of node.outputs) {
    if (isArtifactType(o.type)) outArtifacts.push([o.name, artifactDefinition(o.type)]);
    else outParams.push([o.name, parameterDefinition(kfpParameterType(o.type))]);
  }
  let s = `  ${yamlKey(comp)}:\n    executorLabel: ${yamlString(exec)}\n`;
  if (inArtifacts.length || inParams.length) s += `    inputDefinitions:\n${mapText('artifacts', inArtifacts, 6)}${mapText('parameters', inParams, 6)}`;
  if (outArtifacts.length || outParams.length) s += `    outputDefinitions:\n${mapText('artifacts', outArtifacts, 6)}${mapText('parameters', outParams, 6)}`;
  return s;
}

function executorText(node: PlanNode, exec: string, warnings: string[]): string {
  const command = kfpCommand(node);
  const image = imageOf(node, warnings);
  containerWarnings(node, warnings);
  const env = kfpEnv(node);
  const resources = kfpResources(node, warnings);
  let s = `    ${yamlKey(exec)}:\n      container:\n`;
  if (command.length) {
    s += '        command:\n';
    for (const arg of command) s += `          - ${yamlString(arg)}\n`;
  } else s += '        command: []\n';
  if (env.length) {
    s += '        env:\n';
    for (const [name, value] of env) s += `          - name: ${yamlString(name)}\n            value: ${yamlString(value)}\n`;
  }
  return s + yamlField('image', image, 8) + yamlField('resources', resources, 8);
}

function taskText(node: PlanNode, comp: string, warnings: string[]): string {
  const artifacts: [string, string][] = [];
  const parameters: [string, string][] = [];
  for (const i of node.inputs) {
    const s = i.source;
    if (s.kind === 'artifact') {
      artifacts.push([i.name, `${pad(14)}taskOutputArtifact:\n${pad(16)}outputArtifactKey: ${yamlString(s.output)}\n${pad(16)}producerTask: ${yamlString(s.node)}\n`]);
    } else if (s.kind === 'parameter') {
      parameters.push([i.name, `${pad(14)}taskOutputParameter:\n${pad(16)}outputParameterKey: ${yamlString(s.output)}\n${pad(16)}producerTask: ${yamlString(s.node)}\n`]);
    } else if (s.param !== undefined) parameters.push([i.name, `${pad(14)}componentInputParameter: ${yamlString(s.param)}\n`]);
    else parameters.push([i.name, `${pad(14)}runtimeValue:\n${yamlField('constant', s.value ?? null, 16)}`]);
  }
  let t = `      ${yamlKey(node.id)}:\n`;
  // The SDK writes `{}` for a disabled cache: proto3 leaves out the false default.
  t += node.cache ? '        cachingOptions:\n          enableCache: true\n' : '        cachingOptions: {}\n';
  t += `        componentRef:\n          name: ${yamlString(comp)}\n`;
  if (node.dependsOn.length) {
    t += '        dependentTasks:\n';
    for (const d of [...node.dependsOn].sort()) t += `          - ${yamlString(d)}\n`;
  }
  if (artifacts.length || parameters.length) t += `        inputs:\n${mapText('artifacts', artifacts, 10)}${mapText('parameters', parameters, 10)}`;
  t += yamlField('retryPolicy', retryPolicy(node, warnings), 8);
  return `${t}        taskInfo:\n          name: ${yamlString(node.id)}\n`;
}

/**
 * The export's YAML text and warnings, exactly as buildKfp's objects and warnings give them; undefined
 * for a plan with keys a JS object would reorder (see ODD_KEY), which exportKfp builds instead.
 */
export function writeKfp(plan: Plan): { yaml: string; documents: number; warnings: string[] } | undefined {
  if (!plainKeys(plan)) return undefined;
  const nodes = plan.nodes;
  // Warnings and platform configs in plan order, as buildKfp gives them...
  const warnings: string[] = [];
  const platformUse: string[] = [];
  const k8s = nodes.map((node) => {
    imageOf(node, warnings);
    containerWarnings(node, warnings);
    kfpResources(node, warnings);
    retryPolicy(node, warnings);
    return kubernetesConfig(node, platformUse);
  });
  // ...then the text in sorted order of node ids (warnings, already had, go to a spare list).
  const byId = idOrder(nodes);
  const platform: Record<string, unknown> = {};
  for (const i of byId) if (k8s[i]) platform[`exec-${nodes[i]!.id}`] = k8s[i];
  const spare: string[] = [];
  const section = (key: string, indent: number, text: (node: PlanNode) => string) => {
    if (!nodes.length) return `${pad(indent)}${key}: {}\n`;
    // Joined in batches: a flat string per few nodes lets the small pieces die young instead of living
    // (and being copied by the garbage collector) until one join at the end.
    const chunks = [`${pad(indent)}${key}:\n`];
    const batch: string[] = [];
    for (const i of byId) {
      batch.push(text(nodes[i]!));
      if (batch.length === BATCH) { chunks.push(batch.join('')); batch.length = 0; }
    }
    chunks.push(batch.join(''));
    return chunks.join('');
  };

  const params = pipelineInputs(plan);
  const text = [
    section('components', 0, (node) => componentText(node, `comp-${node.id}`, `exec-${node.id}`)),
    `deploymentSpec:\n${section('executors', 2, (node) => executorText(node, `exec-${node.id}`, spare))}`,
    yamlField('pipelineInfo', pipelineInfo(plan), 0),
    `root:\n  dag:\n${section('tasks', 4, (node) => taskText(node, `comp-${node.id}`, spare))}`,
    yamlField('inputDefinitions', params, 2),
    yamlField('schemaVersion', KFP_SCHEMA_VERSION, 0),
    yamlField('sdkVersion', KFP_SDK_VERSION, 0),
  ];
  const platformDoc = platformDocument(plan, platform, platformUse, warnings);
  if (platformDoc) text.push('---\n', toYaml([platformDoc]));
  return { yaml: header(plan) + text.join(''), documents: platformDoc ? 2 : 1, warnings };
}

/** Nodes per joined chunk of text. */
const BATCH = 64;
