/**
 * Turns schema violations into sentences a data scientist understands: the field path, the node, what
 * was expected in words ("a whole number from 0 to 20") and what was found, with "did you mean"
 * for misspelt fields and values. The expectation is read from the JSON Schema itself, so a new
 * field or constraint in `schema.ts` is described without touching this file.
 */
import { formatPath, type Issue } from './issues.js';
import type { JsonSchema } from './json-schema.js';
import { COMPONENT_REF, IDENTIFIER, SEMVER } from './names.js';
import type { SchemaChecker, Violation } from './schema-check.js';
import { didYouMean, listNames } from './suggest.js';
import { DURATION_PATTERN, QUANTITY_PATTERN } from './units.js';

type Path = (string | number)[];

/** Words for the patterns the spec uses, keyed by the pattern's source. */
const PATTERN_WORDS: Record<string, string> = {
  [DURATION_PATTERN]: 'a duration such as 90s, 30m or 1h30m',
  [QUANTITY_PATTERN]: 'a quantity such as 500m, 2, 512Mi or 4Gi',
  [COMPONENT_REF.source]: '<component-id>@<version>, e.g. train-sklearn@1.0.0',
  [IDENTIFIER.source]: 'a name of letters, digits and _ that starts with a letter or _',
  [SEMVER.source]: 'a version such as 1.2.0',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': 'a name of lowercase letters, digits and -',
};

/** How `{from: …}`-style mappings are shown in "must be" sentences. */
const FIELD_HINTS: Record<string, string> = { from: 'node.output', param: 'name', value: '…', secret: 'name', key: 'key' };

/** The issues for `violations` of `root` (the whole document, used to name nodes). */
export function schemaIssues(violations: readonly Violation[], root: unknown, checker: SchemaChecker): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const visit = (v: Violation) => {
    if (v.kind === 'union') {
      const sub = drillIntoUnion(v, checker);
      if (sub) {
        sub.forEach(visit);
        return;
      }
    }
    const issue = toIssue(v, root, checker);
    const key = `${issue.path.join('\u0000')}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  };
  violations.forEach(visit);
  return issues;
}

/**
 * A union ("a number or a mapping") failed: when the value's shape says which alternative was meant,
 * report what is wrong inside that one rather than "must be A or B".
 */
function drillIntoUnion(v: Violation, checker: SchemaChecker): Violation[] | undefined {
  const branches = ((v.schema.anyOf as JsonSchema[] | undefined) ?? []).map((b) => checker.resolve(b));
  const fitting = branches.filter((b) => shapeFits(b, v.value, checker));
  let pick: JsonSchema | undefined = fitting.length === 1 ? fitting[0] : undefined;
  if (!pick && fitting.length > 1 && isObject(v.value)) {
    const keys = Object.keys(v.value);
    pick = fitting.find((b) => ((b.required as string[] | undefined) ?? []).some((k) => keys.includes(k)));
  }
  if (!pick || isJsonValue(pick)) return undefined;
  const sub = checker.violations(v.value, pick, v.path);
  return sub.length ? sub : undefined;
}

function shapeFits(s: JsonSchema, value: unknown, checker: SchemaChecker): boolean {
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).some((b) => shapeFits(checker.resolve(b), value, checker));
  if ('const' in s) return typeof s.const === typeof value;
  switch (s.type) {
    case 'integer': case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return isObject(value);
    default: return true;
  }
}

function toIssue(v: Violation, root: unknown, checker: SchemaChecker): Issue {
  const nodeId = nodeIdAt(root, v.path);
  const base = { severity: 'error' as const, code: 'schema' as const, path: v.path, ...(nodeId === undefined ? {} : { nodeId }) };
  const inNode = nodeId === undefined ? '' : ` (node '${nodeId}')`;
  const where = v.path.length ? formatPath(v.path) : '';

  if (v.kind === 'unknown-key') {
    const parent = v.path.slice(0, -1);
    const inside = parent.length > 2 ? `${formatPath(parent.slice(2))} of ` : '';
    const place = nodeId !== undefined
      ? `${inside}node '${nodeId}'`
      : parent.length ? formatPath(parent) : 'the top level of the pipeline';
    const hint = didYouMean(v.key!, v.allowed ?? []);
    const allowed = hint || !v.allowed?.length ? '' : `; the fields allowed there are ${listNames(v.allowed)}`;
    return { ...base, message: `Unknown field '${v.key}' in ${place}${hint || `${allowed}.`}` };
  }
  if (v.kind === 'required') {
    const parent = v.path.slice(0, -1);
    const owner = !parent.length ? 'The pipeline'
      : nodeId !== undefined && parent.length === 2 ? `Node '${nodeId}' (${formatPath(parent)})` : `${formatPath(parent)}${inNode}`;
    const expected = checker.resolve(v.schema).type === 'object' ? '' : ` (${describe(v.schema, checker)})`;
    return { ...base, message: `${owner} is missing the required field '${v.key}'${expected}.` };
  }
  if (v.kind === 'deep') {
    return { ...base, message: `${where || 'The pipeline'}${inNode} is nested too deeply to check.` };
  }
  if (v.path.length === 0) {
    const found = v.value === null ? 'it is empty' : `it holds ${describeValue(v.value)}`;
    return { ...base, message: `The file must hold a pipeline, a mapping with apiVersion, kind, metadata and nodes; ${found}.` };
  }
  const expected = describe(v.schema, checker);
  const s = checker.resolve(v.schema);
  const options = (Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : []).filter((o): o is string => typeof o === 'string');
  let hint = typeof v.value === 'string' && options.length ? didYouMean(v.value, options) : '';
  const branches = ((s.anyOf as JsonSchema[] | undefined) ?? []).map((b) => checker.resolve(b));
  if (v.kind === 'union' && Array.isArray(v.value) && branches.some((b) => (b.required as string[] | undefined)?.[0] === 'value')) {
    hint = '; write a list as {value: [...]}.';
  }
  if (v.kind === 'union' && isObject(v.value)) {
    // A mapping that fits no alternative: a misspelt field name ({form: ...}) is the usual reason.
    const fields = new Set(branches.flatMap((b) => Object.keys((b.properties as object | undefined) ?? {})));
    const stray = Object.keys(v.value).find((k) => !fields.has(k));
    if (stray !== undefined && didYouMean(stray, fields)) hint = `; '${stray}' is not a field here${didYouMean(stray, fields)}`;
  }
  const found = v.value === null || v.value === undefined ? ', but it is empty' : `, not ${describeValue(v.value)}`;
  return { ...base, message: `${where} must be ${expected}${found}${inNode}${hint || '.'}` };
}

/** The id of the node a path points into, when the document has one there. */
function nodeIdAt(root: unknown, path: Path): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number' || !isObject(root)) return undefined;
  const nodes = root.nodes;
  const node = Array.isArray(nodes) ? nodes[path[1]] : undefined;
  return isObject(node) && typeof node.id === 'string' && node.id !== '' ? node.id : undefined;
}

/** What a schema accepts, in words: "a whole number from 0 to 20", "one of data, train, ...". */
export function describe(schema: JsonSchema, checker: SchemaChecker): string {
  const s = checker.resolve(schema);
  if (isJsonValue(s)) return 'any value';
  if (Array.isArray(s.anyOf)) {
    const branches = (s.anyOf as JsonSchema[]).map((b) => checker.resolve(b));
    const duration = branches.find((b) => b.pattern === DURATION_PATTERN);
    if (duration) return 'a duration such as 90s, 30m or 1h30m, or a number of seconds';
    const parts = [...new Set(branches.map((b) => describe(b, checker)))];
    return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : parts[0] ?? 'a value';
  }
  if ('const' in s) return `'${String(s.const)}'`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(String).join(', ')}`;
  switch (s.type) {
    case 'string': {
      if (typeof s.pattern === 'string') return PATTERN_WORDS[s.pattern] ?? `text matching ${s.pattern}`;
      return s.minLength === 1 ? 'a non-empty string' : 'a string';
    }
    case 'integer': return `a whole number${range(s)}`;
    case 'number': return `a number${range(s)}`;
    case 'boolean': return 'true/false';
    case 'null': return 'empty';
    case 'array': {
      const items = s.items ? describe(s.items as JsonSchema, checker) : '';
      const of = items === 'a string' ? ' of strings' : items === 'a non-empty string' ? ' of non-empty strings' : '';
      return `${s.minItems === 1 ? 'a non-empty list' : 'a list'}${of}`;
    }
    case 'object': {
      const required = (s.required as string[] | undefined) ?? [];
      if (required.length && required.length <= 3) return `{${required.map((k) => `${k}: ${FIELD_HINTS[k] ?? '…'}`).join(', ')}}`;
      return 'a mapping';
    }
    default: return 'a value';
  }
}

function range(s: JsonSchema): string {
  const min = typeof s.minimum === 'number' && s.minimum > -Number.MAX_SAFE_INTEGER ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  if (typeof s.exclusiveMinimum === 'number') return ` greater than ${s.exclusiveMinimum}`;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? ' of 0 or more' : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** A value in words, short: `'abc'`, `50`, `a list`, `a mapping`. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 37)}...'` : `'${v}'`;
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length ? 'a list' : 'an empty list';
  return Object.keys(v).length ? 'a mapping' : 'an empty mapping';
}

function isJsonValue(s: JsonSchema): boolean {
  const types = Array.isArray(s.anyOf) ? (s.anyOf as JsonSchema[]).map((b) => b.type) : [];
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((t) => types.includes(t));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
