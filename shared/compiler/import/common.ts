/** Helpers both importers share: naming, typing of values, kind guessing, path placeholders. */
import { DNS1123_LABEL_MAX } from '../../spec/names.js';
import { inputSource } from '../../spec/resolve.js';
import type { InputValue, NodeKind, PipelineNode, PortType } from '../../spec/schema.js';
import { parseDuration } from '../../spec/units.js';

export type Json = Record<string, unknown>;

/** The value as a plain object, or an empty one (foreign documents can hold anything anywhere). */
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
/** The value as an array, or an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** The value as a string, or undefined; numbers count (YAML turns `name: 1` into a number). */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Hands out names that are valid and unique within one scope. */
export class NameScope {
  private readonly taken = new Set<string>();
  constructor(private readonly make: (raw: string) => string, private readonly join: string) {}

  /** A valid name for `raw`, suffixed with -2, -3... (or _2...) when already taken. */
  name(raw: string): string {
    const base = this.make(raw);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = this.make(`${base}${this.join}${n}`);
    this.taken.add(candidate);
    return candidate;
  }
}

/** A DNS-1123 label (node ids, pipeline name): lowercase letters, digits and -, at most 63 characters. */
export function dnsLabel(raw: string, fallback = 'node'): string {
  const s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  // A suffix keeps its end when the name is too long, so unique suffixes stay unique.
  const m = /^(.*?)(-\d+)?$/.exec(s)!;
  const tail = m[2] ?? '';
  const head = m[1]!.slice(0, DNS1123_LABEL_MAX - tail.length).replace(/-+$/, '');
  return head ? `${head}${tail}` : tail ? `${fallback}${tail}` : fallback;
}

/** An identifier (input, output and param names): letters, digits and _, not starting with a digit. */
export function identifier(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9_]+/g, '_');
  return s === '' ? 'x' : /^[0-9]/.test(s) ? `_${s}` : s;
}

/** Scopes for node ids and for identifiers. */
export const nodeIds = () => new NameScope((s) => dnsLabel(s), '-');
export const identifiers = () => new NameScope(identifier, '_');

/** How a value is written as a node input: scalars bare, lists and objects as `{value: ...}`. */
export function inputValue(v: unknown): InputValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : { value: v ?? null };
}

/**
 * A value read from text (Argo passes every parameter as a string). Numbers, booleans and compact JSON
 * are typed only when they print back to exactly the same text, so the command receives the same argv.
 */
export function typedText(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^-?\d/.test(s)) {
    const n = Number(s);
    if (Number.isFinite(n) && String(n) === s) return n;
  }
  if (/^[[{]/.test(s)) {
    try {
      const v: unknown = JSON.parse(s);
      if (JSON.stringify(v) === s) return v;
    } catch { /* plain text after all */ }
  }
  return s;
}

/** Seconds in a duration written as a number, "90", "90s", "1h30m" or a protobuf Duration ("3600s"). */
export function seconds(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return parseDuration(v);
}

const KIND_HINTS: [string[], NodeKind][] = [
  [['train', 'fit', 'tune', 'learn'], 'train'],
  [['eval', 'score', 'metric', 'assess', 'benchmark'], 'evaluate'],
  [['deploy', 'serve', 'serving', 'publish', 'register', 'push'], 'deploy'],
  [['valid', 'check', 'verify', 'quality', 'expect'], 'validate'],
  [['monitor', 'drift', 'alert'], 'monitor'],
  [['feature', 'transform', 'preprocess', 'prep', 'split', 'clean', 'encode', 'normali', 'scale'], 'feature'],
  [['load', 'ingest', 'download', 'fetch', 'extract', 'query', 'dataset', 'data', 'source', 'read'], 'data'],
];

/**
 * The node kind a foreign task most likely is: from words in its name first, then from what it produces
 * (a model means training, only metrics means evaluation); `custom` when nothing says.
 */
export function guessKind(name: string, outputs: PortType[]): NodeKind {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const [stems, kind] of KIND_HINTS) {
    if (words.some((w) => stems.some((s) => w.startsWith(s)))) return kind;
  }
  if (outputs.includes('model')) return 'train';
  if (outputs.length && outputs.every((t) => t === 'metrics')) return 'evaluate';
  return 'custom';
}

/** The artifact type a bare name suggests (Argo artifacts carry no type). */
export function artifactTypeOf(name: string): PortType {
  const w = name.toLowerCase();
  if (/model/.test(w)) return 'model';
  if (/metric/.test(w)) return 'metrics';
  if (/dataset|data|table|features/.test(w)) return 'dataset';
  return 'file';
}

const PATH_CHAR = /[A-Za-z0-9_.\-/]/;

/**
 * Replaces a container path with a placeholder wherever it stands as a whole path (or a directory prefix
 * of one), so `cat /tmp/in` becomes `cat {{inputs.in}}` but `/tmp/input` is left alone.
 */
export function replacePath(s: string, path: string, placeholder: string): string {
  if (!path) return s;
  let out = '';
  let i = 0;
  for (let at = s.indexOf(path); at >= 0; at = s.indexOf(path, at + path.length)) {
    const before = at > 0 ? s[at - 1]! : '';
    const after = s[at + path.length] ?? '';
    if ((before && PATH_CHAR.test(before)) || (after && after !== '/' && PATH_CHAR.test(after))) continue;
    out += s.slice(i, at) + placeholder;
    i = at + path.length;
  }
  return out + s.slice(i);
}

/**
 * Drops arguments that could not be translated, together with a `--flag` right before a dropped one (as
 * Pipewright drops a flag whose value is unset), and says which.
 */
export function dropArgs(list: (string | undefined)[], original: string[], where: string, notes: string[]): string[] {
  const out: string[] = [];
  list.forEach((s, k) => {
    if (s !== undefined) { out.push(s); return; }
    let flag = '';
    if (out.length && /^--?[A-Za-z][\w-]*$/.test(out[out.length - 1]!) && out[out.length - 1] === original[k - 1]) flag = `${out.pop()!} `;
    notes.push(`${where}: argument ${JSON.stringify(flag + original[k]!)} uses a placeholder Pipewright has no equivalent for; it was left out.`);
  });
  return out;
}

/**
 * Nodes with every producer before its consumers, otherwise in the order given (KFP files list tasks
 * alphabetically, so a consumer may come first); a spec reads top to bottom that way.
 */
export function dependencyOrder(nodes: PipelineNode[]): PipelineNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const upstream = new Map(nodes.map((n) => [n.id, new Set(Object.values(n.inputs ?? {})
    .map(inputSource).flatMap((s) => (s.kind === 'from' && ids.has(s.node) && s.node !== n.id ? [s.node] : [])))]));
  const done = new Set<string>();
  const out: PipelineNode[] = [];
  while (out.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.id) && [...upstream.get(n.id)!].every((u) => done.has(u)))
      ?? nodes.find((n) => !done.has(n.id))!; // a cycle (not in a valid file): keep the rest as given
    done.add(next.id);
    out.push(next);
  }
  return out;
}

/**
 * A CPU amount as a spec writes it: plain numbers of cores as numbers ("4" -> 4), millicores and other
 * quantities as text; undefined when it is neither.
 */
export function cpuOf(v: unknown): number | string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0) return Number(v);
  return /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.test(v) ? v : undefined;
}

/**
 * Removes wires to nodes or outputs that did not make it into the spec (a task dropped after others were
 * wired to it), saying which, so an import always compiles.
 */
export function dropDanglingWires(nodes: PipelineNode[], notes: string[]): PipelineNode[] {
  const outputs = new Map(nodes.map((n) => [n.id, new Set(Object.keys(n.outputs ?? {}))]));
  for (const n of nodes) {
    for (const [input, v] of Object.entries(n.inputs ?? {})) {
      const s = inputSource(v);
      if (s.kind !== 'from' || outputs.get(s.node)?.has(s.output)) continue;
      delete n.inputs![input];
      notes.push(`node '${n.id}': input '${input}' reads '${s.node}.${s.output}', which was not imported.`);
    }
    if (n.inputs && !Object.keys(n.inputs).length) delete n.inputs;
  }
  return nodes;
}

/** Names in a list, quoted, for messages. */
export const quoteList = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
