/** Rendering a plan node's command template and the material its cache key is hashed from. */
import { parseTemplate, type TemplatePart } from '../spec/template.js';
import type { PlanInput, PlanNode } from './plan.js';

/** How one executor or exporter spells each kind of placeholder. */
export interface RenderContext {
  /** Path of an input artifact. */
  artifactPath(input: PlanInput): string;
  /** Text of a parameter input; `formatValue(static value)` unless the value comes from another node. */
  parameterValue(input: PlanInput): string;
  /** Where the node writes an output (a path, also for parameter outputs). */
  outputPath(name: string): string;
}

/** A parameter value as it appears in argv: strings as-is, JSON for lists and objects. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

/**
 * The parts of a command template. Text without `{{` is one literal part (every placeholder starts with
 * it); other templates are parsed once and kept, since every node of a component repeats the same ones.
 * The result is shared: callers must not change it.
 */
export function templateParts(s: string): readonly TemplatePart[] {
  if (!s.includes('{{')) return [{ text: s }];
  let parts = templateCache.get(s);
  if (parts === undefined) {
    if (templateCache.size >= TEMPLATE_CACHE_MAX) templateCache.clear();
    parts = parseTemplate(s);
    templateCache.set(s, parts);
  }
  return parts;
}
const TEMPLATE_CACHE_MAX = 10_000;
const templateCache = new Map<string, TemplatePart[]>();

/**
 * The argv of a node. An unset optional input renders as an empty string, and an argument that then
 * comes out empty is dropped together with the `--flag` right before it, so optional flags vanish.
 */
export function renderCommand(node: PlanNode, ctx: RenderContext): string[] {
  let inputs: Map<string, PlanInput> | undefined;
  const argv: string[] = [];
  for (const part of node.command) {
    if (!part.includes('{{')) { argv.push(part); continue; }
    let unset = false;
    let text = '';
    for (const p of templateParts(part)) {
      if ('text' in p) { text += p.text; continue; }
      let value: string | undefined;
      if (p.ref === 'outputs') value = ctx.outputPath(p.name);
      else {
        inputs ??= new Map(node.inputs.map((i) => [i.name, i]));
        const input = inputs.get(p.name);
        if (!input) { unset = true; continue; }
        value = input.source.kind === 'artifact' ? ctx.artifactPath(input) : ctx.parameterValue(input);
      }
      // As Array.join would: a context that finds no value (undefined, null) contributes no text.
      text += value ?? '';
    }
    if (unset && text === '') {
      if (argv.length && argv[argv.length - 1]!.startsWith('--')) argv.pop();
      continue;
    }
    argv.push(text);
  }
  return argv;
}

/** Parameter text for statically known values; runtime values need the executor's own lookup. */
export function staticParameterValue(input: PlanInput): string {
  if (input.source.kind !== 'value') throw new Error(`input '${input.name}' is only known at run time`);
  return formatValue(input.source.value);
}

/**
 * The canonical text a node's cache key is hashed from: image/component identity, command template,
 * resolved parameters, input artifact digests and declared (non-secret) env. Keys are sorted so equal
 * material always gives equal text.
 */
export function cacheKeyMaterial(node: PlanNode, inputDigests: Record<string, string>, runtimeParams: Record<string, string> = {}): string {
  const params: Record<string, unknown> = {};
  const artifacts: Record<string, string> = {};
  for (const i of node.inputs) {
    if (i.source.kind === 'artifact') artifacts[i.name] = inputDigests[i.name] ?? '';
    else if (i.source.kind === 'parameter') params[i.name] = runtimeParams[i.name] ?? '';
    else params[i.name] = i.source.value;
  }
  const env: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node.env)) env[k] = typeof v === 'string' ? v : { secret: v.secret, key: v.key };
  return canonicalJson({
    v: 1,
    component: node.component ?? null,
    image: node.image ?? null,
    command: node.command,
    workingDir: node.workingDir ?? null,
    params, artifacts, env,
    outputs: node.outputs,
  });
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}
