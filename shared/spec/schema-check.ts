/**
 * A structural validator compiled from the JSON Schema that `json-schema.ts` generates from the zod
 * schemas, for the keywords zod emits.
 *
 * Why not zod's own `safeParse`: it takes ~100 ms on a 10,000-node spec (it clones every object and
 * builds error objects for each failed union branch); this check takes a few. It is the same schema —
 * the JSON Schema is zod's own export — and the fuzz test asserts that both accept exactly the same
 * values. Its findings are raw (`Violation`s: a path, the failed subschema, the value);
 * `schema-messages.ts` turns them into sentences.
 */
import type { JsonSchema } from './json-schema.js';

/**
 * type: wrong kind of value; value: right kind, outside the constraints (enum, range, pattern, length);
 * required / unknown-key: a missing or unexpected field; union: fits none of the alternatives;
 * deep: nested past what is checked.
 */
export type ViolationKind = 'type' | 'value' | 'required' | 'unknown-key' | 'union' | 'deep';

/** One way in which a value breaks the schema. */
export interface Violation {
  kind: ViolationKind;
  path: (string | number)[];
  /** The subschema the value at `path` failed (for 'required': the missing field's schema). */
  schema: JsonSchema;
  /** The offending value (for 'required': undefined). */
  value: unknown;
  /** 'required' and 'unknown-key': the field's name (also the last element of `path`). */
  key?: string;
  /** 'unknown-key': the fields allowed there. */
  allowed?: string[];
}

/** Values nested deeper than this are refused rather than walked (guards against recursive objects). */
const MAX_DEPTH = 200;

const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] as const;
const T_STRING = 0, T_NUMBER = 1, T_INTEGER = 2, T_BOOLEAN = 3, T_NULL = 4, T_ARRAY = 5, T_OBJECT = 6;

interface Node {
  schema: JsonSchema;
  /** Index in TYPES, -1 for any type (numbers compare faster than type names on the hot path). */
  type: number;
  hasConst: boolean;
  const?: unknown;
  enum?: unknown[];
  pattern?: RegExp;
  minLength?: number; maxLength?: number;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  minItems?: number; maxItems?: number;
  items?: Node;
  properties?: Map<string, Node>;
  required?: string[];
  /** false: no other keys; a Node: the schema of other keys' values (a record); undefined: anything. */
  additional?: Node | false;
  anyOf?: Node[];
  /** The node compiled to a closure for `valid()`, built on first use. */
  accept?: Accept;
}

type Accept = (v: unknown, depth: number) => boolean;

type PathLink = { up: PathLink; key: string | number } | null;

const KNOWN = new Set([
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'default', 'examples', 'type', 'const', 'enum',
  'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minItems', 'maxItems', 'items', 'properties', 'required', 'additionalProperties', 'propertyNames', 'anyOf',
]);

/** A compiled schema. */
export class SchemaChecker {
  private readonly root: Node;
  private readonly refs = new Map<string, Node>();
  private readonly nodes = new WeakMap<JsonSchema, Node>();

  /** Throws when the schema uses a keyword this checker does not implement, so a schema change cannot be half-checked. */
  constructor(readonly schema: JsonSchema) {
    this.root = this.compile(schema);
  }

  /** True when `value` satisfies the schema (no allocation on the happy path). */
  valid(value: unknown): boolean {
    return acceptor(this.root)(value, 0);
  }

  /** Every violation in `value`, checked against `schema` (default: the root) and reported under `basePath`. */
  violations(value: unknown, schema: JsonSchema = this.schema, basePath: readonly (string | number)[] = []): Violation[] {
    const out: Violation[] = [];
    let path: PathLink = null;
    for (const key of basePath) path = { up: path, key };
    check(this.nodeOf(schema), value, out, path, basePath.length);
    return out;
  }

  /** Follows `$ref`s to the schema that applies. */
  resolve(schema: JsonSchema): JsonSchema {
    return this.nodeOf(schema).schema;
  }

  private nodeOf(schema: JsonSchema): Node {
    return this.nodes.get(schema) ?? this.compile(schema);
  }

  private compile(schema: JsonSchema): Node {
    const known = this.nodes.get(schema);
    if (known) return known;
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      const hit = this.refs.get(ref);
      if (hit) return hit;
      const m = /^#\/\$defs\/(.+)$/.exec(ref);
      const target = m ? (this.schema.$defs as Record<string, JsonSchema> | undefined)?.[m[1]!] : undefined;
      if (!target) throw new Error(`schema-check: unresolvable $ref ${ref}`);
      const node: Node = { schema: target, type: -1, hasConst: false };
      this.refs.set(ref, node);
      this.nodes.set(schema, node);
      Object.assign(node, this.compile(target)); // refs may be recursive: fill the shared node in place
      return node;
    }
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema-check: unsupported keyword ${k}`);
    const node: Node = { schema, type: -1, hasConst: 'const' in schema };
    this.nodes.set(schema, node);
    if (typeof schema.type === 'string') {
      node.type = (TYPES as readonly string[]).indexOf(schema.type);
      if (node.type < 0) throw new Error(`schema-check: unsupported type ${schema.type}`);
    }
    if (node.hasConst) node.const = schema.const;
    if (Array.isArray(schema.enum)) node.enum = schema.enum;
    // No `u` flag: zod tests its patterns as plain JS regular expressions.
    if (typeof schema.pattern === 'string') node.pattern = new RegExp(schema.pattern);
    for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems'] as const) {
      if (typeof schema[k] === 'number') node[k] = schema[k];
    }
    if (schema.items && typeof schema.items === 'object') node.items = this.compile(schema.items as JsonSchema);
    if (schema.properties && typeof schema.properties === 'object') {
      node.properties = new Map(Object.entries(schema.properties as Record<string, JsonSchema>).map(([k, s]) => [k, this.compile(s)]));
    }
    if (Array.isArray(schema.required)) node.required = schema.required as string[];
    if (schema.additionalProperties === false) node.additional = false;
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      node.additional = this.compile(schema.additionalProperties as JsonSchema);
    }
    if (Array.isArray(schema.anyOf)) node.anyOf = (schema.anyOf as JsonSchema[]).map((s) => this.compile(s));
    return node;
  }
}

/**
 * Compiles a node into a closure that only answers valid/invalid: each closure tests just what its
 * schema says, which makes `valid()` several times faster than walking the schema for every value.
 * (`violations()` keeps the interpreter below: it runs on invalid input only, which is small or rare.)
 */
function acceptor(n: Node): Accept {
  if (n.accept) return n.accept;
  let compiled: Accept | undefined;
  n.accept = (v, d) => (compiled ??= compileAccept(n))(v, d); // refs may be recursive: bind late
  return n.accept;
}

function compileAccept(n: Node): Accept {
  if (n.anyOf) {
    const branches = n.anyOf.map(acceptor);
    return (v, d) => {
      if (d > MAX_DEPTH) return false;
      for (const b of branches) if (b(v, d)) return true;
      return false;
    };
  }
  const plain = (v: unknown) => scalarOk(n, v);
  switch (n.type) {
    case T_STRING: {
      const simple = !n.hasConst && !n.enum && !n.pattern && n.minLength === undefined && n.maxLength === undefined;
      return simple ? (v) => typeof v === 'string' : (v) => typeof v === 'string' && plain(v);
    }
    case T_NUMBER: case T_INTEGER: case T_BOOLEAN: case T_NULL:
      return (v) => typeMatches(n.type, v) && plain(v);
    case T_ARRAY: {
      const items = n.items ? acceptor(n.items) : undefined;
      return (v, d) => {
        if (!Array.isArray(v) || d > MAX_DEPTH) return false;
        if ((n.minItems !== undefined && v.length < n.minItems) || (n.maxItems !== undefined && v.length > n.maxItems)) return false;
        if (items) for (let i = 0; i < v.length; i++) if (!items(v[i], d + 1)) return false;
        return true;
      };
    }
    case T_OBJECT: {
      const props = new Map([...(n.properties ?? new Map<string, Node>())].map(([k, p]) => [k, acceptor(p)]));
      const required = n.required ?? [];
      const additional = n.additional === undefined ? undefined : n.additional === false ? false : acceptor(n.additional);
      return (v, d) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v) || d > MAX_DEPTH) return false;
        const obj = v as Record<string, unknown>;
        for (const key in obj) {
          if (!Object.hasOwn(obj, key)) continue;
          const child = obj[key];
          const prop = props.get(key);
          if (prop) {
            if ((child !== undefined || required.includes(key)) && !prop(child, d + 1)) return false;
          } else if (additional === false) return false;
          else if (additional && !additional(child, d + 1)) return false;
        }
        for (const key of required) if (obj[key] === undefined || !Object.hasOwn(obj, key)) return false;
        return true;
      };
    }
    default:
      return (v, d) => check(n, v, null, null, d);
  }
}

function pathOf(link: PathLink): (string | number)[] {
  const out: (string | number)[] = [];
  for (let l = link; l; l = l.up) out.push(l.key);
  return out.reverse();
}

/** Checks `v` against `n`; with `out`, records every violation, otherwise stops at the first. */
function check(n: Node, v: unknown, out: Violation[] | null, path: PathLink, depth: number): boolean {
  if (depth > MAX_DEPTH) {
    out?.push({ kind: 'deep', path: pathOf(path), schema: n.schema, value: v });
    return false;
  }
  if (n.anyOf) {
    for (const b of n.anyOf) if (check(b, v, null, null, depth)) return true;
    out?.push({ kind: 'union', path: pathOf(path), schema: n.schema, value: v });
    return false;
  }
  if (n.type >= 0 && !typeMatches(n.type, v)) {
    out?.push({ kind: 'type', path: pathOf(path), schema: n.schema, value: v });
    return false;
  }
  if (!scalarOk(n, v)) {
    out?.push({ kind: 'value', path: pathOf(path), schema: n.schema, value: v });
    return false;
  }
  let ok = true;
  if (Array.isArray(v)) {
    if ((n.minItems !== undefined && v.length < n.minItems) || (n.maxItems !== undefined && v.length > n.maxItems)) {
      if (!out) return false;
      out.push({ kind: 'value', path: pathOf(path), schema: n.schema, value: v });
      ok = false;
    }
    if (n.items) {
      for (let i = 0; i < v.length; i++) {
        if (!check(n.items, v[i], out, out ? { up: path, key: i } : null, depth + 1)) {
          if (!out) return false;
          ok = false;
        }
      }
    }
    return ok;
  }
  if (typeof v === 'object' && v !== null && (n.properties || n.additional !== undefined || n.required)) {
    const obj = v as Record<string, unknown>;
    // for-in rather than Object.keys: no array per object (YAML and JSON give plain objects).
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      const child = obj[key];
      const prop = n.properties?.get(key);
      let good = true;
      if (prop) {
        // zod: an optional field may be present with the value undefined.
        if (child !== undefined || n.required?.includes(key)) good = check(prop, child, out, out ? { up: path, key } : null, depth + 1);
      } else if (n.additional === false) {
        good = false;
        out?.push({
          kind: 'unknown-key', path: pathOf({ up: path, key }), schema: n.schema, value: child, key,
          allowed: [...(n.properties?.keys() ?? [])],
        });
      } else if (n.additional) {
        good = check(n.additional, child, out, out ? { up: path, key } : null, depth + 1);
      }
      if (!good) {
        if (!out) return false;
        ok = false;
      }
    }
    for (const key of n.required ?? []) {
      if (obj[key] !== undefined && Object.hasOwn(obj, key)) continue;
      if (!out) return false;
      out.push({ kind: 'required', path: pathOf({ up: path, key }), schema: n.properties?.get(key)?.schema ?? {}, value: undefined, key });
      ok = false;
    }
  }
  return ok;
}

function typeMatches(type: number, v: unknown): boolean {
  switch (type) {
    case T_STRING: return typeof v === 'string';
    case T_NUMBER: return typeof v === 'number' && Number.isFinite(v);
    case T_INTEGER: return Number.isInteger(v);
    case T_BOOLEAN: return typeof v === 'boolean';
    case T_NULL: return v === null;
    case T_ARRAY: return Array.isArray(v);
    case T_OBJECT: return typeof v === 'object' && v !== null && !Array.isArray(v);
    default: return false;
  }
}

function scalarOk(n: Node, v: unknown): boolean {
  if (n.hasConst && v !== n.const) return false;
  if (n.enum && !n.enum.includes(v)) return false;
  if (typeof v === 'string') {
    if (n.minLength !== undefined && v.length < n.minLength) return false;
    if (n.maxLength !== undefined && v.length > n.maxLength) return false;
    if (n.pattern && !n.pattern.test(v)) return false;
  } else if (typeof v === 'number') {
    if (n.minimum !== undefined && v < n.minimum) return false;
    if (n.maximum !== undefined && v > n.maximum) return false;
    if (n.exclusiveMinimum !== undefined && v <= n.exclusiveMinimum) return false;
    if (n.exclusiveMaximum !== undefined && v >= n.exclusiveMaximum) return false;
  }
  return true;
}
