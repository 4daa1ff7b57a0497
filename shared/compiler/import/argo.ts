/**
 * Reads an Argo Workflow (or WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow) back into a
 * Pipewright spec. The container/DAG subset comes across: the entrypoint's DAG tasks or steps that run
 * container templates, their parameter and artifact wiring, workflow parameters, retries, timeouts,
 * resources and env. Conditions, loops, scripts, resource templates, nested DAGs, exit handlers and
 * ordering without data are listed in `notes`.
 */
import {
  API_VERSION, type InputValue, type Pipeline, type PipelineNode, type PipelineParam,
} from '../../spec/schema.js';
import { literalType } from '../../spec/resolve.js';
import { templateBody, templatePorts, type TemplateBody, type TemplatePorts } from './argo-template.js';
import {
  arr, dependencyOrder, dnsLabel, dropDanglingWires, guessKind, identifiers, inputValue, nodeIds, obj, quoteList, str, typedText, type Json,
} from './common.js';

const SPEC_KEYS = new Set(['entrypoint', 'templates', 'arguments', 'volumes']);
const CALL_KEYS = new Set(['name', 'template', 'arguments', 'dependencies', 'depends']);

/** A DAG task or a step: one use of a template. */
interface Call {
  name: string; call: Json; after: string[]; group?: number;
  /** A `depends` expression that asks for more than success (`A.Failed || B`): a condition. */
  condition?: string;
}

type Planned = { id: string; tpl: Json; ports: TemplatePorts } | { skipped: string };

/** Imports one Argo object (already recognised by apiVersion and kind). */
export function importArgo(doc: Json, notes: string[]): Pipeline {
  const kind = str(doc.kind);
  const meta = obj(doc.metadata);
  let spec = obj(doc.spec);
  if (kind === 'CronWorkflow') {
    notes.push(`the CronWorkflow schedule (${JSON.stringify(spec.schedule ?? spec.schedules ?? '?')}) was not imported; only the workflow it runs.`);
    spec = obj(spec.workflowSpec);
  }
  const skippedSpec = Object.keys(spec).filter((k) => !SPEC_KEYS.has(k));
  if (spec.onExit) notes.push(`exit handler (onExit: '${String(spec.onExit)}') was not imported; Pipewright has no exit handlers.`);
  if (spec.workflowTemplateRef) notes.push(`workflowTemplateRef '${String(obj(spec.workflowTemplateRef).name)}': the workflow runs a template stored in the cluster, which is not in this file.`);
  const rest = skippedSpec.filter((k) => k !== 'onExit' && k !== 'workflowTemplateRef');
  if (rest.length) notes.push(`workflow settings ${quoteList(rest)} were not imported.`);

  const templates = new Map(arr(spec.templates).map(obj).map((t) => [str(t.name) ?? '', t]));
  const entryName = str(spec.entrypoint) ?? '';
  const entry = templates.get(entryName);
  const params = importParams(obj(spec.arguments), entry, notes);
  const calls = entry ? callsOf(entry, notes) : [];
  if (!entry) notes.push(`the entrypoint template '${entryName}' is not in this file; no nodes were imported.`);

  // First pass: which calls become nodes and under which ids, so wiring can refer to them.
  const ids = nodeIds();
  const planned = new Map<string, Planned>();
  for (const c of calls) {
    const reason = skipReason(c, templates);
    if (reason) { planned.set(c.name, { skipped: reason }); notes.push(reason); continue; }
    const tpl = templates.get(str(c.call.template)!)!;
    planned.set(c.name, { id: ids.name(c.name), tpl, ports: templatePorts(tpl) });
  }

  const bodies = new Map<Json, TemplateBody>();
  const lostOrder: string[] = [];
  const nodes: PipelineNode[] = [];
  for (const c of calls) {
    const p = planned.get(c.name)!;
    if ('skipped' in p) continue;
    if (!bodies.has(p.tpl)) bodies.set(p.tpl, templateBody(p.tpl, arr(spec.volumes), notes));
    const body = structuredClone(bodies.get(p.tpl)!);
    const { node, after } = importCall(c, p.id, body, planned, params.names, notes);
    nodes.push(node);
    if (after.length && c.group !== undefined) lostOrder.push(`${c.name} after ${after.join(', ')}`);
    else if (after.length) notes.push(`task '${c.name}' runs after ${quoteList(after)} without reading their data; Pipewright specs have no ordering-only edge, so this order was not imported.`);
  }
  if (lostOrder.length) {
    notes.push(`steps template '${entryName}': its steps were imported as nodes, but the order of its step groups where no data flows (${lostOrder.join('; ')}) was not imported; Pipewright specs have no ordering-only edge.`);
  }
  const description = str(obj(meta.annotations)['workflows.argoproj.io/description']);
  const annotations = Object.keys(obj(meta.annotations)).filter((k) => k !== 'workflows.argoproj.io/description');
  if (annotations.length) notes.push(`workflow annotations ${quoteList(annotations)} were not imported.`);
  // pipewright.dev/* labels are what Pipewright's exporter adds; they come back on the next export.
  const labels = Object.fromEntries(Object.entries(obj(meta.labels)).filter(([k]) => !k.startsWith('pipewright.dev/')).map(([k, v]) => [k, str(v) ?? '']));
  return {
    apiVersion: API_VERSION,
    kind: 'Pipeline',
    metadata: {
      // Pipewright's exporter shortens long names in generateName but keeps the whole one in its label.
      name: dnsLabel(str(obj(meta.labels)['pipewright.dev/pipeline']) ?? str(meta.name) ?? str(meta.generateName) ?? '', 'imported-workflow'),
      ...(description ? { description } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
    },
    ...(Object.keys(params.params).length ? { params: params.params } : {}),
    nodes: dependencyOrder(dropDanglingWires(nodes, notes)),
  };
}

/**
 * Workflow parameters, plus the entrypoint's own inputs (Argo fills those from the workflow arguments of
 * the same name, so either way they are what a run may override).
 */
function importParams(args: Json, entry: Json | undefined, notes: string[]) {
  const scope = identifiers();
  const params: Record<string, PipelineParam> = {};
  const names = new Map<string, string>();
  const add = (p: Json) => {
    const raw = str(p.name);
    if (!raw || names.has(raw)) return;
    if (p.valueFrom) { notes.push(`workflow parameter '${raw}' takes its value from ${JSON.stringify(p.valueFrom)}; not imported.`); return; }
    const text = str(p.value) ?? str(p.default);
    const value = text === undefined ? undefined : typedText(text);
    const name = scope.name(raw);
    names.set(raw, name);
    params[name] = {
      type: value === undefined ? 'string' : (literalType(value) as PipelineParam['type']),
      ...(value !== undefined ? { default: value as PipelineParam['default'] } : {}),
      ...(arr(p.enum).length ? { enum: arr(p.enum).map((e) => typedText(str(e) ?? '')) as PipelineParam['enum'] } : {}),
      ...(str(p.description) ? { description: str(p.description)! } : {}),
    };
  };
  arr(args.parameters).map(obj).forEach(add);
  arr(obj(entry?.inputs).parameters).map(obj).forEach(add);
  if (arr(args.artifacts).length) notes.push(`workflow artifacts ${quoteList(arr(args.artifacts).map((a) => str(obj(a).name) ?? '?'))}: Pipewright pipelines take only parameters.`);
  return { params, names };
}

/** The calls of the entrypoint: DAG tasks, flattened steps (each group after the one before), or itself. */
function callsOf(entry: Json, notes: string[]): Call[] {
  const name = str(entry.name) ?? '';
  if (entry.dag) {
    const extra = Object.keys(obj(entry.dag)).filter((k) => k !== 'tasks');
    if (extra.length) notes.push(`DAG template '${name}': ${quoteList(extra)} were not imported.`);
    return arr(obj(entry.dag).tasks).map(obj).map((t) => ({ name: str(t.name) ?? '', call: t, ...dependencies(t) }));
  }
  if (entry.steps) {
    const calls: Call[] = [];
    let previous: string[] = [];
    arr(entry.steps).forEach((g, group) => {
      const steps = (Array.isArray(g) ? g : arr(obj(g).steps)).map(obj);
      calls.push(...steps.map((s) => ({ name: str(s.name) ?? '', call: s, after: previous, group })));
      if (steps.length) previous = steps.map((s) => str(s.name) ?? '');
    });
    return calls;
  }
  // A workflow whose entrypoint is itself a container: one node, its inputs read the workflow params.
  const call: Json = {
    template: name,
    arguments: { parameters: arr(obj(entry.inputs).parameters).map((p) => ({ name: str(obj(p).name), value: `{{inputs.parameters.${str(obj(p).name)}}}` })) },
  };
  return [{ name, call, after: [] }];
}

/** Upstream task names from `dependencies` or a plain `depends` ("A && B", "A.Succeeded"). */
function dependencies(t: Json): { after: string[]; condition?: string } {
  const deps = arr(t.dependencies).map((d) => str(d) ?? '');
  const depends = str(t.depends);
  if (depends) {
    const terms = depends.split('&&').map((s) => s.trim().replace(/^\((.*)\)$/, '$1').trim());
    if (!terms.every((s) => /^[\w-]+(\.Succeeded)?$/.test(s))) return { after: [], condition: depends };
    deps.push(...terms.map((s) => s.replace(/\.Succeeded$/, '')));
  }
  return { after: [...new Set(deps)] };
}

/** Why a call cannot become a node, or undefined when it can. */
function skipReason(c: Call, templates: Map<string, Json>): string | undefined {
  const at = `${c.group === undefined ? 'task' : 'step'} '${c.name}'`;
  const call = c.call;
  if (c.condition) return `${at}: it runs on 'depends: ${c.condition}' (other outcomes than success), a condition that was not imported; Pipewright has no conditions.`;
  if (call.when !== undefined) return `${at}: a condition (when: '${String(call.when)}') was not imported; Pipewright has no conditions.`;
  for (const loop of ['withItems', 'withParam', 'withSequence']) {
    if (call[loop] !== undefined) return `${at}: a loop (${loop}) was not imported; Pipewright has no loops.`;
  }
  if (call.templateRef) return `${at}: it runs template '${String(obj(call.templateRef).template)}' of WorkflowTemplate '${String(obj(call.templateRef).name)}', which is not in this file; not imported.`;
  if (call.inline) return `${at}: an inline template was not imported.`;
  const tpl = templates.get(str(call.template) ?? '');
  if (!tpl) return `${at}: its template '${String(call.template)}' is missing from the file.`;
  const name = `'${str(tpl.name)}'`;
  if (tpl.script) return `${at}: script template ${name} was not imported; rewrite it as a container command.`;
  if (tpl.resource) return `${at}: resource template ${name} (it creates Kubernetes objects) was not imported.`;
  if (tpl.dag) return `${at}: nested DAG template ${name} was not imported; Pipewright specs are one flat DAG.`;
  if (tpl.steps) return `${at}: nested steps template ${name} was not imported; Pipewright specs are one flat DAG.`;
  for (const k of ['suspend', 'http', 'plugin', 'containerSet', 'data']) {
    if (tpl[k] !== undefined) return `${at}: ${k} template ${name} was not imported.`;
  }
  if (!tpl.container) return `${at}: template ${name} runs no container; not imported.`;
  const container = obj(tpl.container);
  if (!arr(container.command).length && !arr(container.args).length) return `${at}: template ${name} runs only its image's entrypoint, which a Pipewright node cannot express.`;
  return undefined;
}

const OUTPUT_REF = /^\{\{\s*(?:tasks|steps)\.([\w-]+)\.outputs\.(parameters|artifacts)\.([\w-]+)\s*\}\}$/;

function importCall(
  c: Call, id: string, body: TemplateBody, planned: Map<string, Planned>, params: Map<string, string>, notes: string[],
): { node: PipelineNode; after: string[] } {
  const at = `${c.group === undefined ? 'task' : 'step'} '${c.name}'`;
  const tpl = (planned.get(c.name) as { tpl: Json }).tpl;
  const args = obj(c.call.arguments);
  const extra = Object.keys(c.call).filter((k) => !CALL_KEYS.has(k));
  if (extra.length) notes.push(`${at}: ${quoteList(extra)} were not imported.`);
  const dataFrom = new Set<string>();
  const inputs: Record<string, InputValue> = {};

  const wire = (input: string, text: string): InputValue | undefined => {
    const m = OUTPUT_REF.exec(text)!;
    const [, producer, kind, key] = m;
    const p = planned.get(producer!);
    dataFrom.add(producer!); // a data edge, even when it cannot be kept (that is noted on its own)
    if (!p || 'skipped' in p) { notes.push(`${at}: input '${input}' reads '${key}' of '${producer}', which was not imported.`); return undefined; }
    const out = (kind === 'artifacts' ? p.ports.outArtifacts : p.ports.outParams).get(key!);
    if (!out) { notes.push(`${at}: input '${input}' reads '${key}', which '${producer}' does not write to a file; not imported.`); return undefined; }
    return { from: `${p.id}.${out}` };
  };

  for (const decl of arr(obj(tpl.inputs).parameters).map(obj)) {
    const raw = str(decl.name)!;
    const arg = arr(args.parameters).map(obj).find((a) => a.name === raw);
    const text = arg ? str(arg.value) : str(decl.value) ?? str(decl.default);
    let v: InputValue | undefined;
    let m: RegExpExecArray | null;
    if (arg?.valueFrom) notes.push(`${at}: input '${raw}' takes its value from ${JSON.stringify(arg.valueFrom)}; not imported.`);
    else if (text === undefined) notes.push(`${at}: input '${raw}' gets no value; not imported.`);
    else if (OUTPUT_REF.test(text)) v = wire(raw, text);
    else if ((m = /^\{\{\s*(?:workflow\.parameters|inputs\.parameters)\.([\w-]+)\s*\}\}$/.exec(text)) && params.has(m[1]!)) v = { param: params.get(m[1]!)! };
    else if (text.includes('{{')) notes.push(`${at}: input '${raw}' is ${JSON.stringify(text)}, built from placeholders Pipewright cannot wire; not imported.`);
    else v = inputValue(typedText(text));
    if (v !== undefined) inputs[body.ports.inParams.get(raw)!] = v;
  }
  for (const decl of arr(obj(tpl.inputs).artifacts).map(obj)) {
    const raw = str(decl.name)!;
    const arg = arr(args.artifacts).map(obj).find((a) => a.name === raw);
    const from = str(arg?.from);
    if (from && OUTPUT_REF.test(from)) {
      const v = wire(raw, from);
      if (v) inputs[body.ports.inArtifacts.get(raw)!] = v;
    } else if (arg) {
      notes.push(`${at}: input artifact '${raw}' comes from ${quoteList(Object.keys(arg).filter((k) => k !== 'name'))}; only artifacts passed between tasks are imported.`);
    }
  }

  const outputs = Object.values(body.outputs).map((o) => o.type);
  const node: PipelineNode = {
    id,
    kind: guessKind(c.name, outputs),
    ...(body.name && body.name !== id ? { name: body.name } : {}),
    container: body.container,
    ...(Object.keys(inputs).length ? { inputs } : {}),
    ...(Object.keys(body.outputs).length ? { outputs: body.outputs } : {}),
    ...(body.resources ? { resources: body.resources } : {}),
    ...(body.retries !== undefined ? { retries: body.retries } : {}),
    ...(body.timeout !== undefined ? { timeout: body.timeout } : {}),
  };
  return { node, after: c.after.filter((d) => !dataFrom.has(d)) };
}
