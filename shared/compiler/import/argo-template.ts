/**
 * One Argo container template as the body of a Pipewright node: its container with Argo placeholders and
 * artifact paths turned into `{{inputs.x}}`/`{{outputs.y}}`, typed outputs, env (secret references stay
 * references), resources, /dev/shm, retries and timeout. What does not fit is said in `notes`.
 */
import { malformedPlaceholders } from '../../spec/template.js';
import type { EnvValue, InlineContainer, PipelineNode } from '../../spec/schema.js';
import {
  arr, artifactTypeOf, cpuOf, dropArgs, identifiers, obj, quoteList, replacePath, seconds, str, type Json,
} from './common.js';

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const TEMPLATE_KEYS = new Set(['name', 'inputs', 'outputs', 'container', 'retryStrategy', 'activeDeadlineSeconds', 'volumes', 'metadata']);
const CONTAINER_KEYS = new Set(['name', 'image', 'command', 'args', 'env', 'resources', 'workingDir', 'volumeMounts']);

/** Argo port names mapped to Pipewright identifiers. */
export interface TemplatePorts {
  inParams: Map<string, string>;
  inArtifacts: Map<string, string>;
  outParams: Map<string, string>;
  outArtifacts: Map<string, string>;
}

/** What every node running the template shares. */
export interface TemplateBody {
  ports: TemplatePorts;
  /** Display name, from the `pipewright.dev/name` annotation Pipewright's own exporter writes. */
  name?: string;
  container: InlineContainer;
  outputs: NonNullable<PipelineNode['outputs']>;
  resources?: PipelineNode['resources'];
  retries?: PipelineNode['retries'];
  timeout?: number;
}

/** The port names of a template (enough to wire to it before its body is built). */
export function templatePorts(tpl: Json): TemplatePorts {
  const names = (list: unknown) => {
    const scope = identifiers();
    return new Map(arr(list).map((p) => str(obj(p).name)).filter((n): n is string => !!n).map((n) => [n, scope.name(n)]));
  };
  const ins = obj(tpl.inputs);
  const outs = obj(tpl.outputs);
  const outParams = arr(outs.parameters).filter((p) => str(obj(obj(p).valueFrom).path));
  return { inParams: names(ins.parameters), inArtifacts: names(ins.artifacts), outParams: names(outParams), outArtifacts: names(outs.artifacts) };
}

/** Builds the body of a container template; `volumes` are the workflow-level volumes. */
export function templateBody(tpl: Json, volumes: unknown[], notes: string[]): TemplateBody {
  const where = `template '${str(tpl.name) ?? '?'}'`;
  const ports = templatePorts(tpl);
  const c = obj(tpl.container);
  const other = [...Object.keys(tpl).filter((k) => !TEMPLATE_KEYS.has(k)), ...Object.keys(c).filter((k) => !CONTAINER_KEYS.has(k)).map((k) => `container.${k}`)];
  if (other.length) notes.push(`${where}: ${quoteList(other)} were not imported.`);
  // Pipewright's own exporter labels pods with pipewright.dev/*; those carry nothing to import.
  const labels = { ...obj(obj(tpl.metadata).labels), ...obj(obj(tpl.metadata).annotations) };
  const foreign = Object.keys(labels).filter((k) => !k.startsWith('pipewright.dev/'));
  if (foreign.length) notes.push(`${where}: pod labels/annotations ${quoteList(foreign)} were not imported.`);

  const ins = obj(tpl.inputs);
  const outs = obj(tpl.outputs);
  for (const p of arr(ins.parameters).map(obj)) if (p.valueFrom) notes.push(`${where}: input '${str(p.name)}' takes its value from ${JSON.stringify(p.valueFrom)}; not imported.`);
  for (const a of arr(ins.artifacts).map(obj)) {
    const source = Object.keys(a).filter((k) => !['name', 'path', 'optional', 'mode', 'from', 'archive'].includes(k));
    if (source.length) notes.push(`${where}: input artifact '${str(a.name)}' is fetched from ${quoteList(source)}; only artifacts passed between tasks are imported.`);
  }
  for (const p of arr(outs.parameters).map(obj)) {
    if (!str(obj(p.valueFrom).path)) notes.push(`${where}: output parameter '${str(p.name)}' is not read from a file (${JSON.stringify(p.valueFrom ?? {})}); not imported.`);
  }
  const extraOut = Object.keys(outs).filter((k) => k !== 'parameters' && k !== 'artifacts');
  if (extraOut.length) notes.push(`${where}: outputs ${quoteList(extraOut)} were not imported.`);

  // Paths the container reads inputs from and writes outputs to, and the placeholder each becomes.
  const paths: [string, string][] = [];
  for (const a of arr(ins.artifacts).map(obj)) if (str(a.path)) paths.push([str(a.path)!, `{{inputs.${ports.inArtifacts.get(str(a.name)!)}}}`]);
  for (const a of arr(outs.artifacts).map(obj)) if (str(a.path)) paths.push([str(a.path)!, `{{outputs.${ports.outArtifacts.get(str(a.name)!)}}}`]);
  for (const p of arr(outs.parameters).map(obj)) {
    const path = str(obj(p.valueFrom).path);
    if (path) paths.push([path, `{{outputs.${ports.outParams.get(str(p.name)!)}}}`]);
  }
  paths.sort((a, b) => b[0].length - a[0].length);
  const used = new Set<string>();
  const expanded = new Set<string>();
  const translateList = (list: unknown[]) => {
    const original = list.map((s) => unescapeK8s(str(s) ?? JSON.stringify(s), expanded));
    return dropArgs(original.map((s) => translate(s, ports, paths, used)), original, where, notes);
  };
  let command = translateList(arr(c.command));
  let args = translateList(arr(c.args));
  if (!command.length) {
    notes.push(`${where}: the container has no command (it relies on the image's entrypoint); its args became the command, so put the program first.`);
    [command, args] = [args, []];
  }
  for (const [path, placeholder] of paths) {
    if (!used.has(placeholder)) notes.push(`${where}: the command never names ${path}, where ${placeholder} is read or written; Pipewright passes that path as an argument, so the command needs it.`);
  }

  const image = str(c.image);
  const env = importEnv(arr(c.env), where, notes, expanded);
  if (expanded.size) notes.push(`${where}: ${quoteList([...expanded])} are expanded by Kubernetes from the container's environment; Pipewright passes the text as it is.`);
  if (image?.includes('{{')) notes.push(`${where}: image ${JSON.stringify(image)} is built from placeholders; not imported.`);
  const container: InlineContainer = {
    ...(image && !image.includes('{{') ? { image } : {}),
    command,
    ...(args.length ? { args } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(str(c.workingDir) ? { workingDir: str(c.workingDir)! } : {}),
  };
  const outputs: TemplateBody['outputs'] = {};
  for (const [raw, name] of ports.outArtifacts) outputs[name] = { type: artifactTypeOf(raw) };
  for (const name of ports.outParams.values()) outputs[name] = { type: 'string' };

  const display = str(obj(obj(tpl.metadata).annotations)['pipewright.dev/name']);
  const body: TemplateBody = { ports, ...(display ? { name: display } : {}), container, outputs };
  const resources = importResources(obj(c.resources), where, notes);
  const shm = sharedMemory(arr(c.volumeMounts), [...arr(tpl.volumes), ...volumes], paths.map(([p]) => p), where, notes);
  if (resources || shm) body.resources = { ...resources, ...(shm ? { shm } : {}) };
  const retries = importRetries(tpl.retryStrategy, where, notes);
  if (retries !== undefined) body.retries = retries;
  if (tpl.activeDeadlineSeconds !== undefined) {
    const s = seconds(tpl.activeDeadlineSeconds);
    if (s !== undefined) body.timeout = s;
    else notes.push(`${where}: activeDeadlineSeconds ${JSON.stringify(tpl.activeDeadlineSeconds)} was not imported.`);
  }
  return body;
}

const ARGO_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** One command string in Pipewright terms, or undefined when a placeholder has no equivalent. */
function translate(s: string, ports: TemplatePorts, paths: [string, string][], used: Set<string>): string | undefined {
  let ok = true;
  let text = s.replace(ARGO_PLACEHOLDER, (whole, inner: string) => {
    let m: RegExpExecArray | null;
    let name: string | undefined;
    let side = 'inputs';
    if ((m = /^inputs\.parameters\.([\w-]+)$/.exec(inner))) name = ports.inParams.get(m[1]!);
    else if ((m = /^inputs\.artifacts\.([\w-]+)\.path$/.exec(inner))) name = ports.inArtifacts.get(m[1]!);
    else if ((m = /^outputs\.(artifacts|parameters)\.([\w-]+)\.path$/.exec(inner))) {
      side = 'outputs';
      name = (m[1] === 'artifacts' ? ports.outArtifacts : ports.outParams).get(m[2]!);
    }
    if (!name) { ok = false; return whole; }
    used.add(`{{${side}.${name}}}`);
    return `{{${side}.${name}}}`;
  });
  for (const [path, placeholder] of paths) {
    const replaced = replacePath(text, path, placeholder);
    if (replaced !== text) used.add(placeholder);
    text = replaced;
  }
  return ok && !malformedPlaceholders(text).length ? text : undefined;
}

/**
 * Kubernetes rewrites `$$` to `$` in command, args and env values and expands `$(VAR)` from the
 * environment; the program sees the result, which is what a Pipewright node must pass.
 */
function unescapeK8s(s: string, expanded: Set<string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m) => {
    if (m === '$$') return '$';
    expanded.add(m);
    return m;
  });
}

function importEnv(list: unknown[], where: string, notes: string[], expanded: Set<string>): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  for (const e of list.map(obj)) {
    const name = str(e.name);
    if (!name) continue;
    const secret = obj(obj(e.valueFrom).secretKeyRef);
    if (e.valueFrom && str(secret.name) && str(secret.key)) env[name] = { secret: str(secret.name)!, key: str(secret.key)! };
    else if (e.valueFrom) notes.push(`${where}: env ${name} comes from ${quoteList(Object.keys(obj(e.valueFrom)))}; not imported.`);
    else env[name] = unescapeK8s(str(e.value) ?? '', expanded);
  }
  return env;
}

function importResources(r: Json, where: string, notes: string[]): PipelineNode['resources'] {
  const limits = obj(r.limits);
  const requests = obj(r.requests);
  const pick = (k: string) => limits[k] ?? requests[k];
  const out: NonNullable<PipelineNode['resources']> = {};
  const cpu = pick('cpu');
  if (cpuOf(cpu) !== undefined) out.cpu = cpuOf(cpu)!;
  const memory = str(pick('memory'));
  if (memory && QUANTITY.test(memory)) out.memory = memory;
  const gpu = Number(pick('nvidia.com/gpu') ?? 0);
  if (Number.isInteger(gpu) && gpu > 0) out.gpu = gpu;
  const skipped = [...new Set([...Object.keys(limits), ...Object.keys(requests)])].filter((k) => !['cpu', 'memory', 'nvidia.com/gpu'].includes(k));
  if ((cpu !== undefined && out.cpu === undefined) || (memory !== undefined && out.memory === undefined)) skipped.push('cpu/memory value');
  const differ = Object.keys(limits).some((k) => k in requests && String(requests[k]) !== String(limits[k]));
  if (differ) notes.push(`${where}: resource requests differ from limits; Pipewright sets both to the limits.`);
  if (skipped.length) notes.push(`${where}: resources ${quoteList(skipped)} were not imported.`);
  return Object.keys(out).length ? out : undefined;
}

/**
 * The size of a memory-backed emptyDir mounted at /dev/shm. A plain emptyDir holding the template's own
 * input or output paths is only scratch space (Pipewright's exporter mounts one over its outputs folder),
 * so it is dropped silently; other mounts are noted.
 */
function sharedMemory(mounts: unknown[], volumes: unknown[], portPaths: string[], where: string, notes: string[]): string | undefined {
  let shm: string | undefined;
  for (const m of mounts.map(obj)) {
    const vol = volumes.map(obj).find((v) => v.name === m.name);
    const dir = obj(vol?.emptyDir);
    const size = str(dir.sizeLimit);
    const at = str(m.mountPath) ?? '';
    const scratch = vol?.emptyDir !== undefined && dir.medium === undefined && portPaths.some((p) => p.startsWith(`${at.replace(/\/$/, '')}/`));
    if (m.mountPath === '/dev/shm' && dir.medium === 'Memory' && size && QUANTITY.test(size)) shm = size;
    else if (!scratch) notes.push(`${where}: volume '${str(m.name) ?? '?'}' mounted at ${str(m.mountPath) ?? '?'} was not imported.`);
  }
  return shm;
}

function importRetries(value: unknown, where: string, notes: string[]): PipelineNode['retries'] {
  if (value === undefined) return undefined;
  const r = obj(value);
  let count = r.limit === undefined ? 20 : Number(r.limit);
  if (r.limit === undefined) notes.push(`${where}: retries without a limit became 20 retries, the most Pipewright allows.`);
  if (!Number.isInteger(count) || count < 0) { notes.push(`${where}: retry limit ${JSON.stringify(r.limit)} was not imported.`); return undefined; }
  if (count > 20) { notes.push(`${where}: ${count} retries were cut to 20, the most Pipewright allows.`); count = 20; }
  // Pipewright retries a node whatever made it fail, as Always (and, for the main container, OnFailure) do.
  const policy = str(r.retryPolicy);
  if (policy && policy !== 'OnFailure' && policy !== 'Always') notes.push(`${where}: retry policy ${policy} was not imported; Pipewright retries on any failure.`);
  const extra = Object.keys(r).filter((k) => !['limit', 'retryPolicy', 'backoff'].includes(k));
  if (extra.length) notes.push(`${where}: retry settings ${quoteList(extra)} were not imported.`);
  const b = obj(r.backoff);
  // `cap` bounds each wait, as Pipewright's back-off max does; `maxDuration` bounds all retries together.
  if (b.maxDuration !== undefined) notes.push(`${where}: the retry time limit (backoff.maxDuration ${JSON.stringify(b.maxDuration)}) was not imported.`);
  const initial = seconds(b.duration);
  const factor = Number(b.factor);
  const max = seconds(b.cap);
  const backoff = {
    ...(initial !== undefined ? { initial } : {}),
    ...(Number.isFinite(factor) && factor >= 1 ? { factor } : {}),
    ...(max !== undefined ? { max } : {}),
  };
  return Object.keys(backoff).length ? { count, backoff } : count;
}
