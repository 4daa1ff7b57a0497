/**
 * Parses a component file (`pipewright.dev/v1` `kind: Component`) into a checked `Component`, with every
 * problem located at a line and column of the YAML so the CLI and the editor can point at it.
 * Pure (no Node imports): the renderer's component editor uses it as well as the library loader.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { formatPath, type Issue, type IssueCode, type Severity } from './issues.js';
import { Component, isArtifactType, type ComponentInput } from './schema.js';
import { malformedPlaceholders, placeholderNames } from './template.js';

/** Component files are small; anything bigger is a mistake (or an attack on the parser). */
export const MAX_COMPONENT_BYTES = 512 * 1024;

type Path = (string | number)[];

export interface ComponentParseResult {
  /** Set when the file holds a usable component: no error-level issues (warnings may remain). */
  component?: Component;
  issues: Issue[];
}

export function parseComponentYaml(text: string, file?: string): ComponentParseResult {
  const at = (line?: number, column?: number) => ({ ...(file !== undefined && { file }), line, column });
  if (text.length > MAX_COMPONENT_BYTES) {
    return { issues: [{ severity: 'error', code: 'too-large', path: [], ...at(),
      message: `The component file is ${Math.round(text.length / 1024)} KB; component files are limited to ${MAX_COMPONENT_BYTES / 1024} KB.` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      return { severity: 'error', code: 'yaml-syntax', path: [], ...at(pos.line, pos.col),
        message: `The file is not valid YAML: ${firstLine(e.message)}.` };
    }) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { issues: [{ severity: 'error', code: 'yaml-syntax', path: [], ...at(1, 1), message: `The file is not valid YAML: ${(e as Error).message}.` }] };
  }

  const locate = (path: Path, onKey = false) => {
    const pos = positionIn(doc, lineCounter, path, onKey);
    return at(pos?.line, pos?.column);
  };
  const parsed = Component.safeParse(data);
  if (!parsed.success) {
    return { issues: parsed.error.issues.flatMap((zi) => zodIssues(zi, data, locate)) };
  }
  const issues = checkComponent(parsed.data).map((i) => ({ ...i, ...locate(i.path, i.code === 'duplicate-id') }));
  return { component: issues.some((i) => i.severity === 'error') ? undefined : parsed.data, issues };
}

/** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
export function positionOf(text: string, path: Path): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return positionIn(doc, lineCounter, path, false);
}

function isNodeWithRange(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Array.isArray((v as { range?: unknown }).range);
}

function positionIn(doc: Document, lc: LineCounter, path: Path, onKey: boolean): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let best: YamlNode | undefined = doc.contents ?? undefined;
  for (const [k, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const keyNode = isScalar(pair.key) ? pair.key : undefined;
      // Point at the key for unknown or duplicate fields, and when the value is empty.
      const wantKey = (onKey && k === path.length - 1) || !isNodeWithRange(pair.value);
      best = wantKey ? keyNode ?? best : (pair.value as YamlNode);
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && isNodeWithRange(node.items[seg])) {
      node = node.items[seg];
      best = node as YamlNode;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

// ---------------------------------------------------------------- schema issues in plain words

type Locate = (path: Path, onKey?: boolean) => { file?: string; line?: number; column?: number };

function zodIssues(zi: z.core.$ZodIssue, data: unknown, locate: Locate): Issue[] {
  const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = `'${formatPath(path)}'`;
  const issue = (message: string, p: Path = path, onKey = false): Issue =>
    ({ severity: 'error', code: 'schema', message, path: p, ...locate(p, onKey) });
  switch (zi.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path);
      return zi.keys.map((key) => issue(
        `Unknown field '${key}'${path.length ? ` in '${formatPath(path)}'` : ''}${allowed ? `; allowed fields are ${allowed.join(', ')}` : ''}.`,
        [...path, key], true));
    }
    case 'invalid_type':
      return [issue(valueAt(data, path) === undefined
        ? `${field} is required (${zi.expected}).`
        : `${field} must be ${article(zi.expected)}, not ${describe(valueAt(data, path))}.`)];
    case 'invalid_value':
      return [issue(`${field} must be ${zi.values.length === 1 ? `'${String(zi.values[0])}'` : `one of ${zi.values.join(', ')}`}, not ${describe(valueAt(data, path))}.`)];
    case 'invalid_format':
      return [issue(`${field} ${FORMAT_HINTS[formatPath(path).replace(/\[\d+\]/g, '[]')] ?? zi.message.replace(/^Invalid string: /, '')}.`)];
    case 'too_small':
      return [issue(zi.origin === 'array' || zi.origin === 'string' ? `${field} must not be empty.` : `${field}: ${zi.message}.`)];
    default:
      return [issue(`${field}: ${zi.message}.`)];
  }
}

const FORMAT_HINTS: Record<string, string> = {
  'metadata.id': "must be lowercase letters, digits and '-', e.g. train-sklearn",
  'metadata.version': 'must be a semantic version such as 1.0.0',
  'inputs[].name': 'must start with a letter or _ and hold only letters, digits and _',
  'outputs[].name': 'must start with a letter or _ and hold only letters, digits and _',
};

/** The fields the Component schema allows at `path`, for "did you mean" help. */
function allowedKeys(path: Path): string[] | undefined {
  let s: unknown = Component;
  for (const seg of path) {
    s = unwrap(s);
    if (typeof seg === 'number') s = s instanceof z.ZodArray ? s.element : undefined;
    else s = s instanceof z.ZodObject ? (s.shape as Record<string, unknown>)[seg] : undefined;
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

function unwrap(s: unknown): unknown {
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap();
  return s;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

function article(expected: string): string {
  return expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

// ---------------------------------------------------------------- checks beyond the schema

/** Names, defaults and command placeholders: what a valid schema does not rule out. Paths only; no locations. */
export function checkComponent(c: Component): Issue[] {
  const issues: Issue[] = [];
  const add = (severity: Severity, code: IssueCode, path: Path, message: string) => issues.push({ severity, code, path, message });

  for (const [list, kind] of [[c.inputs, 'input'], [c.outputs, 'output']] as const) {
    const seen = new Set<string>();
    list.forEach((port, i) => {
      if (seen.has(port.name)) add('error', 'duplicate-id', [`${kind}s`, i, 'name'], `The ${kind} name '${port.name}' is declared twice.`);
      seen.add(port.name);
    });
  }
  c.inputs.forEach((input, i) => issues.push(...checkInputValues(input, i)));

  const { command, args = [], env = {} } = c.implementation.container;
  const used = { inputs: new Set<string>(), outputs: new Set<string>() };
  const declared = { inputs: c.inputs.map((p) => p.name), outputs: c.outputs.map((p) => p.name) };
  const strings: [Path, string][] = [
    ...command.map((s, k): [Path, string] => [['implementation', 'container', 'command', k], s]),
    ...args.map((s, k): [Path, string] => [['implementation', 'container', 'args', k], s]),
    ...Object.entries(env).map(([k, s]): [Path, string] => [['implementation', 'container', 'env', k], s]),
  ];
  for (const [path, s] of strings) {
    for (const bad of malformedPlaceholders(s)) {
      add('error', 'template', path, `'${bad}' is not a placeholder; write {{inputs.NAME}} or {{outputs.NAME}}.`);
    }
    for (const ref of placeholderNames(s)) {
      used[ref.ref].add(ref.name);
      if (!declared[ref.ref].includes(ref.name)) {
        const kind = ref.ref === 'inputs' ? 'input' : 'output';
        const known = declared[ref.ref].length ? declared[ref.ref].join(', ') : 'none';
        add('error', 'template', path, `{{${ref.ref}.${ref.name}}} names no declared ${kind}; the component's ${ref.ref} are: ${known}.`);
      }
    }
  }
  // An unused input never reaches the program; an unused output is a path the program is never told about.
  c.inputs.forEach((p, i) => {
    if (!used.inputs.has(p.name)) add('warning', 'template', ['inputs', i, 'name'], `Input '${p.name}' is never passed to the command; add {{inputs.${p.name}}} to args.`);
  });
  c.outputs.forEach((p, i) => {
    if (!used.outputs.has(p.name)) add('warning', 'template', ['outputs', i, 'name'], `Output '${p.name}' is never passed to the command, so the program cannot know where to write it; add {{outputs.${p.name}}} to args.`);
  });
  return issues;
}

function checkInputValues(input: ComponentInput, i: number): Issue[] {
  const issues: Issue[] = [];
  const bad = (field: string, message: string) =>
    issues.push({ severity: 'error', code: 'bad-value', path: ['inputs', i, field], message: `Input '${input.name}': ${message}` });
  if (isArtifactType(input.type)) {
    for (const field of ['default', 'enum', 'minimum', 'maximum', 'pattern'] as const) {
      if (input[field] !== undefined) bad(field, `a ${input.type} input is a file wired from another node, so '${field}' does not apply.`);
    }
    return issues;
  }
  if (input.pattern !== undefined && !isRegExp(input.pattern)) bad('pattern', `pattern ${input.pattern} is not a valid regular expression.`);
  if (input.minimum !== undefined && input.maximum !== undefined && input.minimum > input.maximum) {
    bad('minimum', `minimum ${input.minimum} is greater than maximum ${input.maximum}.`);
  }
  input.enum?.forEach((v, k) => {
    const problem = valueProblem(input, v, false);
    if (problem) issues.push({ severity: 'error', code: 'bad-value', path: ['inputs', i, 'enum', k], message: `Input '${input.name}': enum value ${JSON.stringify(v)} ${problem}.` });
  });
  if (input.default !== undefined) {
    const problem = valueProblem(input, input.default, true);
    if (problem) bad('default', `the default ${JSON.stringify(input.default)} ${problem}.`);
  }
  return issues;
}

/** Why `v` is not a valid value of the parameter input, or undefined when it is. */
function valueProblem(input: ComponentInput, v: unknown, checkEnum: boolean): string | undefined {
  const t = input.type;
  if (t === 'json') return undefined;
  if (t === 'string' && typeof v !== 'string') return 'is not a string';
  if (t === 'boolean' && typeof v !== 'boolean') return 'is not true or false';
  if ((t === 'number' || t === 'integer') && (typeof v !== 'number' || !Number.isFinite(v))) return 'is not a number';
  if (t === 'integer' && !Number.isInteger(v)) return 'is not a whole number';
  if (typeof v === 'number') {
    if (input.minimum !== undefined && v < input.minimum) return `is below the minimum ${input.minimum}`;
    if (input.maximum !== undefined && v > input.maximum) return `is above the maximum ${input.maximum}`;
  }
  if (typeof v === 'string' && input.pattern !== undefined && !safeTest(input.pattern, v)) return `does not match the pattern ${input.pattern}`;
  if (checkEnum && input.enum && !input.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    return `is not one of ${input.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  return undefined;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** An invalid pattern is reported on its own; it should not also make every default look wrong. */
function safeTest(pattern: string, v: string): boolean {
  return !isRegExp(pattern) || new RegExp(pattern).test(v);
}
