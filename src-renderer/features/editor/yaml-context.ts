/**
 * Where the cursor is in a YAML spec, from the text alone (it is usually half-typed and does not parse):
 * the path of the mapping it is in, and whether a key or a value is being typed. Then what the pipeline
 * JSON Schema allows there.
 */
import type { JsonSchema } from '../../../shared/spec/json-schema.js';

export type Seg = string | number;

interface LineInfo { dashes: number[]; key?: string; keyCol: number; value: string }

const LINE = /^(\s*)((?:-\s+)*)(?:([A-Za-z_][\w.-]*|"[^"]*"|'[^']*')\s*:(?:\s+|$))?(.*)$/;

/** The structure of one line: list dashes, the key and what follows it. Undefined for blank and comment lines. */
export function lineInfo(text: string): LineInfo | undefined {
  if (/^\s*(#.*)?$/.test(text)) return undefined;
  const m = LINE.exec(text)!;
  const indent = m[1]!.length;
  const dashes: number[] = [];
  let col = indent;
  for (const d of m[2]!.matchAll(/-\s+/g)) { dashes.push(col); col += d[0].length; }
  const key = m[3]?.replace(/^["']|["']$/g, '');
  return { dashes, keyCol: col, value: m[4] ?? '', ...(key !== undefined ? { key } : {}) };
}

/** A key opens a nested block when nothing (or a block scalar indicator) follows its colon. */
const opensBlock = (l: LineInfo) => l.key !== undefined && /^(#.*)?$/.test(l.value.trim());

/** Path of the container whose members sit at column `col`, looking at the lines above `lineNo`. */
export function containerPath(lines: readonly string[], lineNo: number, col: number, isDash = false): Seg[] {
  const segs: Seg[] = [];
  let t = col;
  // After a list dash at column t, its parent key may sit at the same column (`nodes:` then `- id: a`).
  let afterDash = isDash;
  for (let i = lineNo - 1; i >= 0 && (t > 0 || afterDash); i--) {
    const l = lineInfo(lines[i]!);
    if (!l) continue;
    const indent = l.dashes[0] ?? l.keyCol;
    if (opensBlock(l) && (l.keyCol < t || (afterDash && l.keyCol === t && !l.dashes.length))) {
      segs.push(l.key!); t = l.keyCol; afterDash = false;
    }
    for (const d of [...l.dashes].reverse()) if (d < t) { segs.push(listIndex(lines, i, d)); t = d; afterDash = true; }
    if (indent < t) { t = indent; afterDash = false; }
  }
  return segs.reverse();
}

/** Which item of its list the dash at (line, col) starts, counting earlier dashes at the same column. */
function listIndex(lines: readonly string[], lineNo: number, col: number): number {
  let n = 0;
  for (let i = lineNo - 1; i >= 0; i--) {
    const l = lineInfo(lines[i]!);
    if (!l) continue;
    const indent = l.dashes[0] ?? l.keyCol;
    if (indent < col || (indent === col && !l.dashes.length)) break;
    if (l.dashes[0] === col) n++;
  }
  return n;
}

export interface CursorContext {
  /** The mapping the cursor's key belongs to. */
  path: Seg[];
  /** Typing a key (`part` is what has been typed of it) or the value of `key`. */
  onKey: boolean;
  key?: string;
  part: string;
  /** Inside a flow mapping after `{`: the flow key being valued, if any. */
  flowKey?: string;
  inFlow: boolean;
  /** Column (0-based) of the key. */
  keyCol: number;
}

export function cursorContext(lines: readonly string[], lineNo: number, col: number): CursorContext | undefined {
  const before = (lines[lineNo] ?? '').slice(0, col);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;
  const head = /^(\s*)((?:-\s+)*)/.exec(before)!;
  const dashes: number[] = [];
  let k = head[1]!.length;
  for (const d of head[2]!.matchAll(/-\s+/g)) { dashes.push(k); k += d[0].length; }
  const base = containerPath(lines, lineNo, dashes[0] ?? k, dashes.length > 0);
  const path: Seg[] = [...base, ...dashes.map((d, i) => (i === 0 ? listIndex(lines, lineNo, d) : 0))];
  const rest = before.slice(k);
  const keyOnly = /^([\w.-]*)$/.exec(rest);
  if (keyOnly) return { path, onKey: true, part: keyOnly[1]!, inFlow: false, keyCol: k };
  const kv = /^([\w.-]+)\s*:\s*(.*)$/.exec(rest);
  if (!kv) return undefined;
  const value = kv[2]!;
  const flow = /\{([^{}]*)$/.exec(value);
  if (flow) {
    const inner = flow[1]!.split(',').pop()!.trimStart();
    const fkv = /^([\w.-]+)\s*:\s*(.*)$/.exec(inner);
    if (fkv) return { path, onKey: false, key: kv[1]!, part: fkv[2]!.trim(), flowKey: fkv[1]!, inFlow: true, keyCol: k };
    return { path: [...path, kv[1]!], onKey: true, part: inner, inFlow: true, keyCol: k };
  }
  return { path, onKey: false, key: kv[1]!, part: value, inFlow: false, keyCol: k };
}

/** The keys already written in the mapping at `col` around `lineNo` (so completion does not offer them again). */
export function siblingKeys(lines: readonly string[], lineNo: number, col: number): Set<string> {
  const keys = new Set<string>();
  for (const step of [-1, 1]) {
    for (let i = lineNo + step; i >= 0 && i < lines.length; i += step) {
      const l = lineInfo(lines[i]!);
      if (!l) continue;
      const indent = l.dashes[0] ?? l.keyCol;
      // Going up, the item's own `- key:` line still counts; going down, a new item ends the mapping.
      if (step > 0 && indent < col) break;
      if (l.keyCol === col && l.key) keys.add(l.key);
      if (step < 0 && indent < col) break;
    }
  }
  return keys;
}

/** Every concrete schema `s` stands for: `$ref`s followed, `anyOf`/`oneOf` branches spread. */
export function expand(s: JsonSchema | undefined, root: JsonSchema): JsonSchema[] {
  if (!s) return [];
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    const { $ref: _r, ...rest } = s;
    return expand({ ...((root.$defs as Record<string, JsonSchema>)[name] ?? {}), ...rest }, root);
  }
  const branches = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const { anyOf: _a, oneOf: _o, ...rest } = s;
    return branches.flatMap((b) => expand({ ...rest, ...b }, root));
  }
  return [s];
}

/** The schemas of what may stand at `path`. */
export function schemaAt(root: JsonSchema, path: readonly Seg[]): JsonSchema[] {
  let cur = expand(root, root);
  for (const seg of path) {
    cur = cur.flatMap((s) => {
      if (typeof seg === 'number') return s.items ? expand(s.items as JsonSchema, root) : [];
      const props = s.properties as Record<string, JsonSchema> | undefined;
      if (props?.[seg]) return expand(props[seg], root);
      return s.additionalProperties && typeof s.additionalProperties === 'object' ? expand(s.additionalProperties as JsonSchema, root) : [];
    });
  }
  return cur;
}
