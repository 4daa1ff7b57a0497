/**
 * Reads a Kubeflow Pipelines v2 IR (PipelineSpec, as `kfp.compiler` writes it) back into a Pipewright spec.
 * The container/DAG subset comes across: root tasks that run a container, their wiring, pipeline params,
 * retries, cache, resources, env and the kfp-kubernetes secrets/timeout/shared memory. Sub-DAGs (loops,
 * conditions, exit handlers, nested pipelines), importers and anything else are listed in `notes`.
 */
import { malformedPlaceholders } from '../../spec/template.js';
import {
  API_VERSION, type InputValue, type ParameterType, type Pipeline, type PipelineNode, type PipelineParam, type PortType,
} from '../../spec/schema.js';
import {
  arr, cpuOf, dependencyOrder, dnsLabel, dropDanglingWires, dropArgs, guessKind, identifiers, inputValue, nodeIds, obj, quoteList, seconds, str, type Json,
} from './common.js';
import { importPlatform } from './kfp-platform.js';

const PARAMETER_TYPES: Record<string, ParameterType> = {
  STRING: 'string', NUMBER_DOUBLE: 'number', NUMBER_INTEGER: 'integer', BOOLEAN: 'boolean', LIST: 'json', STRUCT: 'json',
  // The deprecated PrimitiveType enum of older IR.
  INT: 'integer', DOUBLE: 'number',
};
const ARTIFACT_TYPES: Record<string, PortType> = {
  'system.Dataset': 'dataset', 'system.Model': 'model', 'system.Metrics': 'metrics',
  'system.ClassificationMetrics': 'metrics', 'system.SlicedClassificationMetrics': 'metrics', 'system.Artifact': 'file',
};

interface Ports { artifacts: Map<string, string>; parameters: Map<string, string> }

/** What one root task became: a node (with its port names) or a reason it was skipped. */
type Planned = { id: string; outputs: Ports } | { skipped: string };

/** Imports the documents of a KFP IR file (`docs[0]` the PipelineSpec, `docs[1]` an optional PlatformSpec). */
export function importKfp(docs: unknown[], notes: string[]): Pipeline {
  const spec = obj(docs[0]);
  const info = obj(spec.pipelineInfo);
  const components = obj(spec.components);
  const executors = obj(obj(spec.deploymentSpec).executors);
  const root = obj(spec.root);
  const tasks = obj(obj(root.dag).tasks);

  const params = importParams(obj(root.inputDefinitions), notes);
  if (Object.keys(obj(root.outputDefinitions)).length || Object.keys(obj(obj(root.dag).outputs)).length) {
    notes.push(`pipeline outputs (${quoteList([...Object.keys(obj(obj(root.outputDefinitions).artifacts)), ...Object.keys(obj(obj(root.outputDefinitions).parameters))])}): Pipewright pipelines have no pipeline-level outputs.`);
  }
  const platform = importPlatform(docs.slice(1), notes);

  // First pass: which tasks become nodes, under which ids and port names, so wiring can refer to them.
  const ids = nodeIds();
  const planned = new Map<string, Planned>();
  for (const [name, t] of Object.entries(tasks)) {
    const task = obj(t);
    const comp = obj(components[str(obj(task.componentRef).name) ?? '']);
    const reason = skipReason(name, task, comp, executors, components);
    if (reason) { planned.set(name, { skipped: reason }); notes.push(reason); continue; }
    planned.set(name, { id: ids.name(name), outputs: portNames(obj(comp.outputDefinitions)) });
  }

  const nodes: PipelineNode[] = [];
  for (const [name, t] of Object.entries(tasks)) {
    const p = planned.get(name)!;
    if ('skipped' in p) continue;
    const task = obj(t);
    const comp = obj(components[str(obj(task.componentRef).name)!]);
    const label = str(comp.executorLabel)!;
    const node = importTask(name, p.id, task, comp, obj(obj(executors[label]).container), planned, params.names, notes);
    if (node) { platform.apply(label, node, `task '${name}'`); nodes.push(node); }
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Pipeline',
    metadata: {
      name: dnsLabel(str(info.name) ?? '', 'imported-pipeline'),
      ...(str(info.description) ? { description: str(info.description)! } : {}),
    },
    ...(Object.keys(params.params).length ? { params: params.params } : {}),
    nodes: dependencyOrder(dropDanglingWires(nodes, notes)),
  };
}

function importParams(defs: Json, notes: string[]): { params: Record<string, PipelineParam>; names: Map<string, string> } {
  const scope = identifiers();
  const params: Record<string, PipelineParam> = {};
  const names = new Map<string, string>();
  for (const [raw, d] of Object.entries(obj(defs.parameters))) {
    const def = obj(d);
    const type = PARAMETER_TYPES[str(def.parameterType) ?? str(def.type) ?? ''];
    if (!type) { notes.push(`pipeline parameter '${raw}' of type ${String(def.parameterType ?? def.type)}: no Pipewright parameter type matches.`); continue; }
    const name = scope.name(raw);
    names.set(raw, name);
    params[name] = {
      type,
      ...(def.defaultValue !== undefined ? { default: def.defaultValue as PipelineParam['default'] } : {}),
      ...(str(def.description) ? { description: str(def.description)! } : {}),
    };
  }
  const artifacts = Object.keys(obj(defs.artifacts));
  if (artifacts.length) notes.push(`pipeline input artifacts ${quoteList(artifacts)}: Pipewright pipelines take only parameters.`);
  return { params, names };
}

/** Why a root task cannot become a node, or undefined when it can. */
function skipReason(name: string, task: Json, comp: Json, executors: Json, components: Json): string | undefined {
  const ref = str(obj(task.componentRef).name);
  if (!Object.keys(comp).length) return `task '${name}': its component '${ref ?? '?'}' is missing from the file.`;
  const inner = comp.dag ? ` (tasks inside: ${innerTasks(comp, components).join(', ') || 'none'})` : '';
  const iterator = task.parameterIterator ?? task.artifactIterator;
  if (iterator) {
    const items = obj(obj(iterator).items);
    const over = str(items.raw) ?? str(items.inputParameter) ?? str(items.inputArtifact) ?? '?';
    return `task '${name}': a loop (parallelFor over ${over})${inner} was not imported; Pipewright has no loops.`;
  }
  const condition = str(obj(task.triggerPolicy).condition);
  if (condition) return `task '${name}': a condition (dsl.If '${condition}')${inner} was not imported; Pipewright has no conditions.`;
  if (comp.dag) {
    if (/^exit-handler/.test(name)) return `task '${name}': an exit handler${inner} was not imported; Pipewright has no exit handlers.`;
    return `task '${name}': a nested DAG / sub-pipeline '${ref}'${inner} was not imported; Pipewright specs are one flat DAG.`;
  }
  const exec = obj(executors[str(comp.executorLabel) ?? '']);
  if (exec.importer) return `task '${name}': an importer node (dsl.importer of ${JSON.stringify(obj(obj(exec.importer).artifactUri).constant ?? '?')}) was not imported.`;
  if (exec.resolver) return `task '${name}': a resolver node was not imported.`;
  if (!exec.container) return `task '${name}': its executor '${str(comp.executorLabel) ?? '?'}' runs no container, so it was not imported.`;
  const c = obj(exec.container);
  if (!arr(c.command).length && !arr(c.args).length) return `task '${name}': its container runs only the image's entrypoint, which a Pipewright node cannot express.`;
  return undefined;
}

/** Names of the tasks inside a DAG component, nested ones as `outer/inner`. */
function innerTasks(comp: Json, components: Json, depth = 0): string[] {
  if (depth > 20) return ['...'];
  return Object.entries(obj(obj(comp.dag).tasks)).flatMap(([name, t]) => {
    const sub = obj(components[str(obj(obj(t).componentRef).name) ?? '']);
    return sub.dag ? [name, ...innerTasks(sub, components, depth + 1).map((n) => `${name}/${n}`)] : [name];
  });
}

function portNames(defs: Json): Ports {
  const scope = identifiers();
  const map = (kind: string) => new Map(Object.keys(obj(defs[kind])).map((k) => [k, scope.name(k)]));
  return { artifacts: map('artifacts'), parameters: map('parameters') };
}

function importTask(
  name: string, id: string, task: Json, comp: Json, container: Json,
  planned: Map<string, Planned>, paramNames: Map<string, string>, notes: string[],
): PipelineNode | undefined {
  const where = `task '${name}'`;
  const inDefs = obj(comp.inputDefinitions);
  const inputsPorts = portNames(inDefs);
  const outPorts = portNames(obj(comp.outputDefinitions));
  const taskInputs = obj(task.inputs);
  const inputs: Record<string, InputValue> = {};
  const dataFrom = new Set<string>();

  const wire = (input: string, producer: string, key: string, kind: 'artifacts' | 'parameters'): InputValue | undefined => {
    const p = planned.get(producer);
    dataFrom.add(producer); // a data edge, even when it cannot be kept (that is noted on its own)
    if (!p || 'skipped' in p) { notes.push(`${where}: input '${input}' reads '${key}' of task '${producer}', which was not imported.`); return undefined; }
    const out = p.outputs[kind].get(key);
    if (!out) { notes.push(`${where}: input '${input}' reads '${key}', which task '${producer}' does not declare.`); return undefined; }
    return { from: `${p.id}.${out}` };
  };

  for (const [raw, d] of Object.entries(obj(inDefs.parameters))) {
    const s = obj(obj(taskInputs.parameters)[raw]);
    const def = obj(d);
    let v: InputValue | undefined;
    if (s.parameterExpressionSelector !== undefined) {
      notes.push(`${where}: input '${raw}' selects part of a value (${String(s.parameterExpressionSelector)}); not imported.`);
    } else if (s.taskOutputParameter) {
      const o = obj(s.taskOutputParameter);
      v = wire(raw, str(o.producerTask) ?? '', str(o.outputParameterKey) ?? '', 'parameters');
    } else if (s.componentInputParameter !== undefined || obj(s.runtimeValue).runtimeParameter !== undefined) {
      const p = str(s.componentInputParameter ?? obj(s.runtimeValue).runtimeParameter) ?? '';
      if (paramNames.has(p)) v = { param: paramNames.get(p)! };
      else notes.push(`${where}: input '${raw}' reads pipeline parameter '${p}', which was not imported.`);
    } else if (s.runtimeValue) {
      const c = obj(s.runtimeValue).constant ?? obj(obj(s.runtimeValue).constantValue);
      if (typeof c === 'string' && c.includes('{{$')) notes.push(`${where}: input '${raw}' is text built from other values at run time (${JSON.stringify(c)}); not imported.`);
      else v = inputValue(c);
    } else if (s.taskFinalStatus) {
      dataFrom.add(str(obj(s.taskFinalStatus).producerTask) ?? '');
      notes.push(`${where}: input '${raw}' receives the final status of task '${String(obj(s.taskFinalStatus).producerTask)}'; Pipewright has no such input.`);
    } else if (def.defaultValue !== undefined) {
      v = inputValue(def.defaultValue);
    }
    if (v !== undefined) inputs[inputsPorts.parameters.get(raw)!] = v;
  }
  for (const [raw, d] of Object.entries(obj(inDefs.artifacts))) {
    const s = obj(obj(taskInputs.artifacts)[raw]);
    if (obj(d).isArtifactList) notes.push(`${where}: input '${raw}' takes a list of artifacts; Pipewright wires one.`);
    let v: InputValue | undefined;
    if (s.taskOutputArtifact) {
      const o = obj(s.taskOutputArtifact);
      v = wire(raw, str(o.producerTask) ?? '', str(o.outputArtifactKey) ?? '', 'artifacts');
    } else if (s.componentInputArtifact !== undefined) {
      notes.push(`${where}: input '${raw}' reads pipeline input artifact '${String(s.componentInputArtifact)}', which was not imported.`);
    }
    if (v !== undefined) inputs[inputsPorts.artifacts.get(raw)!] = v;
  }

  const order = arr(task.dependentTasks).map(String).filter((d) => !dataFrom.has(d));
  if (order.length) {
    notes.push(`${where} runs after ${quoteList(order)} without reading their data; Pipewright specs have no ordering-only edge, so this order was not imported.`);
  }
  const strategy = str(obj(task.triggerPolicy).strategy);
  if (strategy && strategy !== 'ALL_UPSTREAM_TASKS_SUCCEEDED' && strategy !== 'TRIGGER_STRATEGY_UNSPECIFIED') {
    notes.push(`${where}: trigger strategy ${strategy} (run even when upstream tasks fail) was not imported; the node runs only after they succeed.`);
  }

  const outputs: NonNullable<PipelineNode['outputs']> = {};
  const outDefs = obj(comp.outputDefinitions);
  for (const [raw, n] of outPorts.artifacts) outputs[n] = { type: artifactType(obj(obj(outDefs.artifacts)[raw]), `${where}: output '${raw}'`, notes) };
  for (const [raw, n] of outPorts.parameters) {
    const t = PARAMETER_TYPES[str(obj(obj(outDefs.parameters)[raw]).parameterType) ?? ''] ?? 'string';
    outputs[n] = { type: t };
  }

  const wired = (raw: string) => {
    const n = inputsPorts.parameters.get(raw) ?? inputsPorts.artifacts.get(raw);
    return n !== undefined && n in inputs;
  };
  const ctx: ArgContext = { inputs: inputsPorts, outputs: outPorts, wired, where, notes };
  let command = translateArgs(arr(container.command), ctx);
  let args = translateArgs(arr(container.args), ctx);
  if (!command.length) {
    notes.push(`${where}: the container has no command (it relies on the image's entrypoint); its args became the command, so put the program first.`);
    [command, args] = [args, []];
  }
  if (!command.length) { notes.push(`${where}: nothing of its command survived translation; not imported.`); return undefined; }
  if (container.lifecycle) notes.push(`${where}: container lifecycle hooks were not imported.`);

  const env: Record<string, string> = {};
  for (const e of arr(container.env)) if (str(obj(e).name)) env[str(obj(e).name)!] = str(obj(e).value) ?? '';

  const display = str(obj(task.taskInfo).name);
  const cache = task.cachingOptions === undefined ? undefined : obj(task.cachingOptions).enableCache === true;
  const node: PipelineNode = {
    id,
    kind: guessKind(name, Object.values(outputs).map((o) => o.type)),
    ...(display && display !== name && display !== id ? { name: display } : {}),
    container: {
      ...(str(container.image) ? { image: str(container.image)! } : {}),
      command,
      ...(args.length ? { args } : {}),
      ...(Object.keys(env).length ? { env } : {}),
    },
    ...(Object.keys(inputs).length ? { inputs } : {}),
    ...(Object.keys(outputs).length ? { outputs } : {}),
  };
  const resources = importResources(obj(container.resources), where, notes);
  if (resources) node.resources = resources;
  const retries = importRetries(obj(task.retryPolicy), where, notes);
  if (retries !== undefined) node.retries = retries;
  if (cache === false) node.cache = false;
  return node;
}

function artifactType(def: Json, where: string, notes: string[]): PortType {
  const title = str(obj(def.artifactType).schemaTitle) ?? '';
  const t = ARTIFACT_TYPES[title];
  if (!t) notes.push(`${where}: artifact type '${title || '?'}' was imported as a plain file.`);
  if (def.isArtifactList) notes.push(`${where}: a list of artifacts was imported as one.`);
  return t ?? 'file';
}

interface ArgContext {
  inputs: Ports; outputs: Ports; wired: (input: string) => boolean; where: string; notes: string[];
}

const KFP_PLACEHOLDER = /\{\{\$(?:\.([^{}]*))?\}\}/g;
const PORT_REF = /^(inputs|outputs)\.(parameters|artifacts)\[['"]([^'"]+)['"]\](?:\.(path|uri|output_file))?$/;

/**
 * KFP placeholders to Pipewright ones. Paths (and URIs, which a local run cannot have) of declared ports
 * translate; `{{$}}` (the executor input JSON), artifact metadata and the like do not, and are dropped.
 * The SDK's structured IfPresent/Concat placeholders are resolved against the task's static wiring.
 */
function translateArgs(list: unknown[], ctx: ArgContext): string[] {
  const original: string[] = [];
  const out: (string | undefined)[] = [];
  for (const item of list) {
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    for (const s of structured(text, ctx)) { original.push(s); out.push(translate(s, ctx)); }
  }
  return dropArgs(out, original, ctx.where, ctx.notes);
}

function translate(s: string, ctx: ArgContext): string | undefined {
  let ok = true;
  let uri = false;
  const text = s.replace(KFP_PLACEHOLDER, (whole, inner: string | undefined) => {
    const m = inner === undefined ? null : PORT_REF.exec(inner);
    if (!m) { ok = false; return whole; }
    const [, side, kind, raw, suffix] = m;
    const ports = side === 'inputs' ? ctx.inputs : ctx.outputs;
    const name = (kind === 'artifacts' ? ports.artifacts : ports.parameters).get(raw!);
    const fits = kind === 'parameters' ? (side === 'inputs' ? !suffix : suffix === 'output_file') : suffix === 'path' || suffix === 'uri';
    if (!name || !fits) { ok = false; return whole; }
    if (suffix === 'uri') uri = true;
    return `{{${side}.${name}}}`;
  });
  if (!ok || malformedPlaceholders(text).length) return undefined;
  if (uri) ctx.notes.push(`${ctx.where}: ${JSON.stringify(s)} passes an artifact URI; it was imported as the local path Pipewright passes.`);
  return text;
}

/** Expands `{"Concat": [...]}` and `{"IfPresent": {...}}` arguments; other text is one argument. */
function structured(s: string, ctx: ArgContext, depth = 0): string[] {
  if (!s.startsWith('{"') || depth > 10) return [s];
  let v: Json;
  try { v = obj(JSON.parse(s)); } catch { return [s]; }
  const parts = (x: unknown) => (Array.isArray(x) ? x : x === undefined ? [] : [x])
    .flatMap((p) => structured(typeof p === 'string' ? p : JSON.stringify(p), ctx, depth + 1));
  if (Array.isArray(v.Concat)) return [parts(v.Concat).join('')];
  if (v.IfPresent) {
    const c = obj(v.IfPresent);
    return ctx.wired(str(c.InputName) ?? '') ? parts(c.Then) : parts(c.Else);
  }
  return [s];
}

function importResources(r: Json, where: string, notes: string[]): PipelineNode['resources'] {
  const out: NonNullable<PipelineNode['resources']> = {};
  const cpu = str(r.resourceCpuLimit) ?? str(r.resourceCpuRequest) ?? (typeof r.cpuLimit === 'number' ? r.cpuLimit : r.cpuRequest);
  if (cpuOf(cpu) !== undefined) out.cpu = cpuOf(cpu)!;
  else if (cpu !== undefined) notes.push(`${where}: cpu ${JSON.stringify(cpu)} was not imported.`);
  const mem = str(r.resourceMemoryLimit) ?? str(r.resourceMemoryRequest);
  const gb = typeof r.memoryLimit === 'number' ? r.memoryLimit : r.memoryRequest;
  if (mem && /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.test(mem)) out.memory = mem;
  else if (mem) notes.push(`${where}: memory ${JSON.stringify(mem)} was not imported.`);
  else if (typeof gb === 'number' && gb > 0) out.memory = String(Math.round(gb * 1e9)); // deprecated field, in GB
  const acc = obj(r.accelerator);
  const count = Number(acc.resourceCount ?? acc.count ?? 0);
  const type = str(acc.resourceType) ?? str(acc.type) ?? '';
  if (Number.isInteger(count) && count > 0) {
    out.gpu = count;
    if (!/nvidia/i.test(type)) notes.push(`${where}: accelerator '${type}' was imported as ${count} NVIDIA GPU(s).`);
  }
  return Object.keys(out).length ? out : undefined;
}

function importRetries(r: Json, where: string, notes: string[]): PipelineNode['retries'] {
  const count = Number(r.maxRetryCount ?? 0);
  if (!Number.isInteger(count) || count <= 0) return undefined;
  if (count > 20) notes.push(`${where}: ${count} retries were cut to 20, the most Pipewright allows.`);
  const initial = seconds(r.backoffDuration);
  const factor = typeof r.backoffFactor === 'number' && r.backoffFactor >= 1 ? r.backoffFactor : undefined;
  const max = seconds(r.backoffMaxDuration);
  const backoff = {
    ...(initial !== undefined ? { initial } : {}), ...(factor !== undefined ? { factor } : {}), ...(max !== undefined ? { max } : {}),
  };
  return { count: Math.min(count, 20), ...(Object.keys(backoff).length ? { backoff } : {}) };
}
