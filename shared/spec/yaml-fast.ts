/**
 * A fast parser for the subset of YAML that pipeline specs are written in: block mappings and sequences,
 * flow collections (so JSON too), plain and quoted one-line scalars, `|`/`>` block scalars and comments.
 *
 * Why: the `yaml` package builds a full document model and takes seconds for a 10,000-node spec; this
 * reads the same file several times faster. It never guesses: anything outside the subset, and anything
 * that would be a YAML error (duplicate keys, bad indentation, multi-line plain scalars, anchors, tags,
 * several documents...), makes it give up so the caller falls back to the `yaml` package, which gives
 * the authoritative value or error. When it does return a value, that value is exactly what `yaml`
 * would produce (enforced by the differential tests and the fuzz test).
 *
 * With `withPositions` it also records where each mapping key and list item starts, to locate issues.
 */
import { readBlockScalar, readDoubleQuoted, readSingleQuoted, resolvePlain, type QuotedEnd } from './yaml-scalars.js';

/** Start offsets of the keys of a mapping (by key) or of the items of a list (by index). */
export type Positions = Map<object, Record<string, number> | number[]>;

/** A value with key positions, or "ask the full parser" (with where the nesting limit was passed, if it was). */
export type FastResult =
  | { ok: true; value: unknown; positions: Positions; rootOffset: number }
  | { ok: false; tooDeep?: { offset: number } };

class GiveUp { constructor(readonly tooDeepAt?: number) {} }
const GIVE_UP = new GiveUp();

/** Characters outside the subset: tabs (indentation rules), carriage returns, control characters, BOMs. */
const UNSUPPORTED = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/;

/**
 * Parses `text` if it lies in the supported subset; `{ ok: false }` means "ask the full parser", with
 * `tooDeep` when the nesting limit was passed. `text` must use `\n` line breaks.
 */
export function fastParseYaml(text: string, maxDepth: number, withPositions = false): FastResult {
  if (UNSUPPORTED.test(text)) return { ok: false };
  try {
    const p = new FastParser(text, maxDepth, withPositions);
    const value = p.document();
    return { ok: true, value, positions: p.positions ?? new Map(), rootOffset: p.rootOffset };
  } catch (e) {
    if (e instanceof GiveUp) return e.tooDeepAt === undefined ? { ok: false } : { ok: false, tooDeep: { offset: e.tooDeepAt } };
    if (e instanceof RangeError) return { ok: false };
    throw e;
  }
}

const SPACE = 32, HASH = 35, DASH = 45, COLON = 58, NL = 10, DQUOTE = 34, SQUOTE = 39;

function isBreakOrSpace(c: number): boolean {
  return c === SPACE || c === NL || Number.isNaN(c);
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** A plain scalar may not start with an indicator, except `-` before a non-space. */
function plainMayStart(c: number, next: number): boolean {
  switch (c) {
    case DASH: return !isBreakOrSpace(next);
    case 63: case COLON: case 44: case 91: case 93: case 123: case 125: case HASH: case 38: case 42:
    case 33: case 124: case 62: case SQUOTE: case DQUOTE: case 37: case 64: case 96:
      return false;
    default: return !Number.isNaN(c);
  }
}

class FastParser {
  readonly positions: Positions | undefined;
  rootOffset = 0;
  /** Start of the current line; between constructs, always a line start (or the end of the text). */
  private i = 0;
  /** Indentation and first character of the line at `i`, set by nextContent(). */
  private indent = 0;
  private content = 0;
  /** Results of plain() and of the quoted-scalar readers, kept in fields to avoid allocating. */
  private plainEnd = 0;
  private plainColon = -1;
  private readonly q: QuotedEnd = { end: 0 };
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(4096);
  /** Cursor and enclosing block indentation while inside a flow collection. */
  private f = 0;
  private flowParent = 0;

  constructor(private readonly s: string, private readonly maxDepth: number, withPositions: boolean) {
    this.positions = withPositions ? new Map() : undefined;
  }

  document(): unknown {
    if (!this.nextContent()) return null;
    const s = this.s;
    if (this.indent === 0 && s.startsWith('---', this.content)) {
      // A leading document marker is fine when nothing but a comment follows it.
      const rest = this.content + 3;
      if (!isBreakOrSpace(s.charCodeAt(rest))) throw GIVE_UP;
      this.endLine(rest);
      if (!this.nextContent()) return null;
    }
    this.rootOffset = this.content;
    const c = s.charCodeAt(this.content);
    // Root scalars and block scalars have extra rules and are no pipeline: leave them to the full parser.
    if (c === 124 || c === 62) throw GIVE_UP;
    const value = this.node(this.content, -1, 1, false);
    if (typeof value !== 'object' || value === null) throw GIVE_UP;
    if (this.nextContent()) throw GIVE_UP; // a second document, `...`, or bad indentation
    return value;
  }

  // ------------------------------------------------------------------ lines

  private lineEnd(from: number): number {
    const e = this.s.indexOf('\n', from);
    return e === -1 ? this.s.length : e + 1;
  }

  /** Moves `i` to the next line holding more than spaces and a comment; false at the end of the text. */
  private nextContent(): boolean {
    const s = this.s;
    while (this.i < s.length) {
      let j = this.i;
      while (s.charCodeAt(j) === SPACE) j++;
      const c = s.charCodeAt(j);
      if (j < s.length && c !== NL && c !== HASH) {
        this.indent = j - this.i;
        this.content = j;
        return true;
      }
      this.i = this.lineEnd(j);
    }
    return false;
  }

  /** Requires only spaces and a comment (after a space) after `from`, and moves to the next line. */
  private endLine(from: number): void {
    const s = this.s;
    let j = from;
    while (s.charCodeAt(j) === SPACE) j++;
    const c = s.charCodeAt(j);
    if (j < s.length && c !== NL && !(c === HASH && (j > from || isBreakOrSpace(s.charCodeAt(from - 1))))) throw GIVE_UP;
    this.i = this.lineEnd(j);
  }

  private enter(depth: number, at: number): void {
    if (depth > this.maxDepth) throw new GiveUp(at);
  }

  /**
   * The text between `p` and `end`. Keys and many values ("dataset", "python", "--seed") repeat
   * thousands of times in a big spec: reusing the string last seen with the same length and end
   * characters saves an allocation each time (and, for keys, a string-table lookup).
   */
  private text(p: number, end: number): string {
    const s = this.s;
    const n = end - p;
    if (n === 0 || n > 40) return s.slice(p, end);
    const slot = (n * 31 + s.charCodeAt(p) * 7 + s.charCodeAt(end - 1)) & 4095;
    const cached = this.strings[slot];
    if (cached !== undefined && cached.length === n && s.startsWith(cached, p)) return cached;
    const fresh = s.slice(p, end);
    this.strings[slot] = fresh;
    return fresh;
  }

  private quoted(p: number): string {
    const s = this.s;
    const quote = s.charCodeAt(p);
    // Most quoted scalars are short and hold no escapes: take their text as it is (and reuse it).
    const close = s.indexOf(quote === DQUOTE ? '"' : "'", p + 1);
    if (close !== -1 && close - p <= 41 && s.charCodeAt(close + 1) !== SQUOTE) {
      let plain = true;
      for (let j = p + 1; j < close && plain; j++) {
        const c = s.charCodeAt(j);
        plain = c !== NL && (quote === SQUOTE || c !== 92);
      }
      if (plain) {
        this.q.end = close + 1;
        return this.text(p + 1, close);
      }
    }
    const v = quote === DQUOTE ? readDoubleQuoted(s, p, this.q) : readSingleQuoted(s, p, this.q);
    if (v === undefined) throw GIVE_UP;
    return v;
  }

  // ------------------------------------------------------------------ block structure

  /**
   * A node starting at `p` on the current line. `parent` is the indentation of the enclosing block
   * collection; `inline` is true right after `key: `, where only scalars and flow collections may follow.
   */
  private node(p: number, parent: number, depth: number, inline: boolean): unknown {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DASH && isBreakOrSpace(s.charCodeAt(p + 1))) {
      if (inline) throw GIVE_UP;
      return this.seq(p, p - this.i, depth);
    }
    if (c === 91 || c === 123) { // [ {
      this.f = p;
      this.flowParent = parent;
      const value = this.flow(depth);
      this.endLine(this.f); // text after the collection, e.g. a flow collection used as a key
      return value;
    }
    if (c === 124 || c === 62) return this.blockScalar(p, parent); // | >
    if (c === DQUOTE || c === SQUOTE) {
      const text = this.quoted(p);
      let j = this.q.end;
      while (s.charCodeAt(j) === SPACE) j++;
      if (s.charCodeAt(j) === COLON && isBreakOrSpace(s.charCodeAt(j + 1))) {
        if (inline) throw GIVE_UP;
        return this.map(p, p - this.i, depth);
      }
      this.endLine(this.q.end);
      return text;
    }
    if (!plainMayStart(c, s.charCodeAt(p + 1))) throw GIVE_UP;
    if (this.plain(p)) {
      if (inline) throw GIVE_UP;
      return this.map(p, p - this.i, depth);
    }
    const end = this.plainEnd;
    this.i = this.lineEnd(end);
    return resolvePlain(this.text(p, end));
  }

  /**
   * Scans a block plain scalar, which ends at `: ` (then it is a key, and true is returned), at ` #` or
   * at the end of the line. Sets plainEnd (trailing spaces excluded) and plainColon.
   */
  private plain(p: number): boolean {
    const s = this.s;
    let end = p;
    for (let j = p; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === NL) break;
      if (c === COLON && isBreakOrSpace(s.charCodeAt(j + 1))) {
        this.plainEnd = end;
        this.plainColon = j;
        return true;
      }
      if (c === HASH && s.charCodeAt(j - 1) === SPACE) break;
      if (c !== SPACE) end = j + 1;
    }
    this.plainEnd = end;
    return false;
  }

  private map(p: number, n: number, depth: number): Record<string, unknown> {
    this.enter(depth, p);
    const s = this.s;
    const obj: Record<string, unknown> = {};
    const pos: Record<string, number> | undefined = this.positions ? {} : undefined;
    if (pos) this.positions!.set(obj, pos);
    for (;;) {
      let key: string;
      let colon: number;
      const c = s.charCodeAt(p);
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted(p);
        colon = this.q.end;
        while (s.charCodeAt(colon) === SPACE) colon++;
        if (s.charCodeAt(colon) !== COLON || !isBreakOrSpace(s.charCodeAt(colon + 1))) throw GIVE_UP;
      } else {
        if (!plainMayStart(c, s.charCodeAt(p + 1)) || !this.plain(p)) throw GIVE_UP;
        key = this.text(p, this.plainEnd);
        colon = this.plainColon;
        // Keys that are not strings (1, true, ~) and `<<` change meaning in JS: full parser.
        if (typeof resolvePlain(key) !== 'string' || key === '<<') throw GIVE_UP;
      }
      if (key.length > 1024 || key === '__proto__' || (obj[key] !== undefined && Object.hasOwn(obj, key))) throw GIVE_UP;
      if (pos) pos[key] = p;
      let v = colon + 1;
      while (s.charCodeAt(v) === SPACE) v++;
      const vc = s.charCodeAt(v);
      if (v >= s.length || vc === NL || vc === HASH) {
        this.i = this.lineEnd(v);
        obj[key] = this.child(n, depth + 1, true);
      } else {
        obj[key] = this.node(v, n, depth + 1, true);
      }
      if (!this.nextContent() || this.indent < n) return obj;
      if (this.indent > n) throw GIVE_UP;
      p = this.content;
      if (s.charCodeAt(p) === DASH && isBreakOrSpace(s.charCodeAt(p + 1))) throw GIVE_UP;
    }
  }

  private seq(p: number, n: number, depth: number): unknown[] {
    this.enter(depth, p);
    const s = this.s;
    const arr: unknown[] = [];
    const pos: number[] | undefined = this.positions ? [] : undefined;
    if (pos) this.positions!.set(arr, pos);
    for (;;) {
      let v = p + 1;
      while (s.charCodeAt(v) === SPACE) v++;
      const vc = s.charCodeAt(v);
      if (v >= s.length || vc === NL || vc === HASH) {
        pos?.push(p);
        this.i = this.lineEnd(v);
        arr.push(this.child(n, depth + 1, false));
      } else {
        pos?.push(v);
        arr.push(this.node(v, n, depth + 1, false));
      }
      if (!this.nextContent() || this.indent < n) return arr;
      if (this.indent > n) throw GIVE_UP;
      p = this.content;
      if (s.charCodeAt(p) !== DASH || !isBreakOrSpace(s.charCodeAt(p + 1))) return arr;
    }
  }

  /** The value on the lines after `key:` or `-`: a deeper node, a list at the key's indentation, or null. */
  private child(n: number, depth: number, seqAtSameIndent: boolean): unknown {
    if (!this.nextContent()) return null;
    const p = this.content;
    if (this.indent > n) return this.node(p, n, depth, false);
    if (this.indent === n && seqAtSameIndent && this.s.charCodeAt(p) === DASH && isBreakOrSpace(this.s.charCodeAt(p + 1))) {
      return this.seq(p, n, depth);
    }
    return null;
  }

  /** `|` and `>` scalars (see readBlockScalar); the header's line must end in spaces or a comment. */
  private blockScalar(p: number, parent: number): string {
    const s = this.s;
    let h = p + 1;
    if (s.charCodeAt(h) === DASH) h++;
    if (!isBreakOrSpace(s.charCodeAt(h))) throw GIVE_UP; // keep chomping, explicit indentation, junk
    this.endLine(h);
    const block = readBlockScalar(s, p, this.i, parent);
    if (!block) throw GIVE_UP;
    this.i = block.next;
    return block.value;
  }

  // ------------------------------------------------------------------ flow collections

  /** A `[...]` or `{...}` at `f`, possibly over several lines (each indented past `flowParent`). */
  private flow(depth: number): unknown {
    this.enter(depth, this.f);
    const s = this.s;
    const isSeq = s.charCodeAt(this.f) === 91;
    const close = isSeq ? 93 : 125;
    this.f++;
    const arr: unknown[] | undefined = isSeq ? [] : undefined;
    const obj: Record<string, unknown> | undefined = isSeq ? undefined : {};
    const seqPos: number[] | undefined = this.positions && isSeq ? [] : undefined;
    const mapPos: Record<string, number> | undefined = this.positions && !isSeq ? {} : undefined;
    for (;;) {
      this.flowSpace();
      if (s.charCodeAt(this.f) === close) { this.f++; break; }
      const at = this.f;
      if (arr) {
        seqPos?.push(at);
        arr.push(this.flowValue(depth));
        this.flowSpace();
        if (s.charCodeAt(this.f) === COLON) throw GIVE_UP; // single-pair mappings inside a list
      } else {
        const key = this.flowValue(depth, true);
        if (typeof key !== 'string' || key === '__proto__' || key === '<<' || Object.hasOwn(obj!, key)) throw GIVE_UP;
        this.flowSpace();
        if (s.charCodeAt(this.f) !== COLON) throw GIVE_UP; // a key without a value
        this.f++;
        if (mapPos) mapPos[key] = at;
        obj![key] = this.flowValue(depth);
        this.flowSpace();
      }
      const d = s.charCodeAt(this.f);
      if (d === 44) this.f++;
      else if (d === close) { this.f++; break; } else throw GIVE_UP;
    }
    const value = arr ?? obj!;
    this.positions?.set(value, (seqPos ?? mapPos)!);
    return value;
  }

  /** A value inside a flow collection; a plain scalar ends at a flow indicator, ` #`, or `:` + space. */
  private flowValue(depth: number, key = false): unknown {
    const s = this.s;
    this.flowSpace();
    const p = this.f;
    const c = s.charCodeAt(p);
    if (c === 91 || c === 123) {
      if (key) throw GIVE_UP;
      return this.flow(depth + 1);
    }
    if (c === DQUOTE || c === SQUOTE) {
      const text = this.quoted(p);
      this.f = this.q.end;
      return text;
    }
    const next = s.charCodeAt(p + 1);
    if (!plainMayStart(c, next) || (c === DASH && isFlowIndicator(next))) throw GIVE_UP;
    let end = p;
    for (let j = p; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === NL || isFlowIndicator(d)) break;
      if (d === COLON) {
        const e = s.charCodeAt(j + 1);
        if (isBreakOrSpace(e) || isFlowIndicator(e)) break;
      }
      if (d === HASH && s.charCodeAt(j - 1) === SPACE) break;
      if (d !== SPACE) end = j + 1;
    }
    if (key && end - p > 1024) throw GIVE_UP;
    this.f = end;
    return resolvePlain(this.text(p, end));
  }

  /** Skips spaces, line breaks and comments inside a flow collection. */
  private flowSpace(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.f);
      if (c === SPACE) this.f++;
      else if (c === HASH) {
        if (!isBreakOrSpace(s.charCodeAt(this.f - 1))) throw GIVE_UP;
        const e = s.indexOf('\n', this.f);
        this.f = e === -1 ? s.length : e;
      } else if (c === NL) {
        this.f++;
        let sp = 0;
        while (s.charCodeAt(this.f + sp) === SPACE) sp++;
        const d = s.charCodeAt(this.f + sp);
        // Continuation lines must be indented past the enclosing block; `---`/`...` end the document.
        if (sp <= this.flowParent && d !== NL && this.f + sp < s.length) throw GIVE_UP;
        if (sp === 0 && (s.startsWith('---', this.f) || s.startsWith('...', this.f))) throw GIVE_UP;
      } else if (this.f >= s.length) throw GIVE_UP; // unterminated
      else return;
    }
  }
}
