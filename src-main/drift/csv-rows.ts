/**
 * CSV rows to column values. Two paths over a buffer that ends at a line break:
 * - a chunk without any quote character (the usual numeric export) is parsed straight into the
 *   column arrays, numbers decoded from the bytes;
 * - a chunk with quotes stages each row and commits it only when complete, because a quoted field
 *   may hold a line break and run past the end of the buffer.
 *
 * Numbers: the fast path (mantissa ≤ 2^53, |decimal exponent| ≤ 22) is one correctly rounded
 * multiply or divide by an exact power of ten, which is what pandas' default parser gives for such
 * input; anything else goes through Number(), which is correctly rounded too.
 */
import { isUtf8 } from 'node:buffer';
import { classifyField, CodeBuffer, NA_TOKENS, StringDictionary, type ColumnData, type ValueKind } from './column-data.js';
import { DriftInputError } from './types.js';

export const QUOTE = 34;
export const LF = 10;
export const CR = 13;
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** One column being filled, with pandas-like type inference. */
export class ColumnState {
  kind: ValueKind = 'empty';
  missing = 0;
  infinite = 0;
  invalidUtf8 = 0;
  /** A numeric or boolean column met a string: it must be re-read as strings. */
  flipped = false;
  /** Numbers may be appended directly (selected, and empty/integer/float so far). */
  takesNumbers: boolean;
  values: Float64Array = new Float64Array(0);
  length = 0;
  dict: StringDictionary | null = null;
  codes: CodeBuffer | null = null;

  constructor(readonly name: string, readonly selected: boolean, forceString: boolean, private readonly capacity: number) {
    this.takesNumbers = selected;
    if (forceString) this.becomeString();
  }

  becomeString(): void {
    this.kind = 'string';
    this.takesNumbers = false;
    this.dict = new StringDictionary();
    this.codes = new CodeBuffer(this.capacity);
  }

  private flip(): void {
    this.flipped = true;
    this.takesNumbers = false;
  }

  /** Appends a number; only called when takesNumbers. */
  pushNumber(v: number, integer: boolean): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = v;
    if (!integer) this.kind = 'float';
    else if (this.kind === 'empty') this.kind = 'integer';
  }

  private grow(): void {
    const next = new Float64Array(this.values.length === 0 ? Math.max(16, this.capacity) : Math.ceil(this.values.length * 1.5) + 16);
    next.set(this.values);
    this.values = next;
  }

  /** Any classified value (the general path). */
  push(v: ReturnType<typeof classifyField>, text: string, badUtf8: boolean): void {
    switch (v.t) {
      case 'missing':
        this.missing++;
        if (v.infinite) this.infinite++;
        return;
      case 'number':
        if (this.takesNumbers) this.pushNumber(v.v, v.integer);
        else if (!this.flipped && this.kind !== 'string') this.flip(); // boolean column met a number
        else if (this.kind === 'string') this.pushString(text, badUtf8);
        return;
      case 'boolean':
        if (this.flipped) return;
        if (this.kind === 'integer' || this.kind === 'float') { this.flip(); return; }
        if (this.kind === 'string') { this.pushString(text, badUtf8); return; }
        this.kind = 'boolean';
        this.takesNumbers = false;
        if (this.length === this.values.length) this.grow();
        this.values[this.length++] = v.v ? 1 : 0;
        return;
      case 'string':
        this.pushString(text, badUtf8);
    }
  }

  pushString(s: string, badUtf8: boolean): void {
    if (this.flipped) return;
    if (this.kind !== 'string') {
      if (this.kind !== 'empty') { this.flip(); return; }
      this.becomeString();
    }
    this.codes!.push(this.dict!.code(s));
    if (badUtf8) this.invalidUtf8++;
  }

  finish(rows: number): ColumnData {
    const base = { name: this.name, kind: this.kind, rows, missing: this.missing, infinite: this.infinite, invalidUtf8: this.invalidUtf8 };
    if (this.kind === 'string') return { ...base, codes: this.codes!.view(), labels: this.dict!.labels };
    return { ...base, numbers: this.values.subarray(0, this.length) };
  }
}

/** A quoted field from the opening quote: its unescaped text and the index after the closing quote. */
export function scanQuoted(buf: Buffer, p: number, end: number): { text: string; end: number } | null {
  let q = p + 1;
  let text = '';
  let from = q;
  for (;;) {
    const close = buf.indexOf(QUOTE, q);
    if (close === -1 || close >= end) return null;
    if (close + 1 < end && buf[close + 1] === QUOTE) {
      text += buf.toString('utf8', from, close + 1);
      q = close + 2;
      from = q;
      continue;
    }
    text += buf.toString('utf8', from, close);
    return { text, end: close + 1 };
  }
}

// Staging tags for rows that may be cut by the end of the buffer.
const T_MISSING = 0, T_TEXT = 1, T_SKIP = 2;

/** Parses complete rows into the column states. */
export class RowParser {
  rows = 0;
  private readonly n: number;
  private readonly tag: Uint8Array;
  private readonly str: string[];
  private readonly bad: Uint8Array;

  constructor(private readonly states: ColumnState[], private readonly delim: number, private readonly path: string) {
    this.n = states.length;
    this.tag = new Uint8Array(this.n);
    this.str = new Array<string>(this.n).fill('');
    this.bad = new Uint8Array(this.n);
  }

  /** Parses rows in [pos, limit) (limit just after a line break, or the end of the file); returns where unparsed data starts. */
  parse(buf: Buffer, pos: number, limit: number, eof: boolean): number {
    const chunkValid = isUtf8(buf.subarray(pos, limit));
    const quote = buf.indexOf(QUOTE, pos);
    if (quote === -1 || quote >= limit) return this.parseQuoteFree(buf, pos, limit, chunkValid);
    return this.parseStaged(buf, pos, limit, eof, chunkValid);
  }

  private tooManyFields(): never {
    throw new DriftInputError(`${this.path}: row ${this.rows + 1} has more fields than the ${this.n} columns of the header`, this.path);
  }

  /** Every row in the range is complete: values go straight into the columns. */
  private parseQuoteFree(buffer: Buffer, pos: number, limit: number, chunkValid: boolean): number {
    const { n, states, delim } = this;
    // A plain Uint8Array view: element loads on it are cheaper than on the Buffer subclass.
    const buf = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    while (pos < limit) {
      const c0 = buf[pos]!;
      if (c0 === LF) { pos++; continue; } // pandas skips blank lines
      if (c0 === CR && (pos + 1 >= limit || buf[pos + 1] === LF)) { pos += pos + 1 < limit ? 2 : 1; continue; }
      let f = 0;
      for (;;) {
        if (f >= n) this.tooManyFields();
        const st = states[f]!;
        const start = pos;
        let c = pos < limit ? buf[pos]! : LF;
        if (c === delim || c === LF || c === CR) {
          if (st.selected) st.missing++;
        } else if (st.takesNumbers) {
          // Inline decimal parse; on anything unexpected fall back to the general path.
          let p = pos;
          let neg = false;
          if (c === 45) { neg = true; p++; } else if (c === 43) p++;
          let mant = 0, frac = 0, digits = 0, dot = false, exp = 0, hasExp = false, ok = true;
          // Integer part, then the fraction: two tight loops instead of one with a branch per digit.
          for (; p < limit; p++) {
            c = buf[p]!;
            if (c < 48 || c > 57) break;
            mant = mant * 10 + (c - 48);
          }
          digits = p - (neg || buf[pos] === 43 ? pos + 1 : pos);
          if (c === 46 && p < limit) {
            dot = true;
            const f0 = ++p;
            for (; p < limit; p++) {
              c = buf[p]!;
              if (c < 48 || c > 57) break;
              mant = mant * 10 + (c - 48);
            }
            frac = p - f0;
            digits += frac;
          }
          if (p < limit && (c === 101 || c === 69)) {
            hasExp = true;
            p++;
            let eneg = false;
            if (buf[p] === 45) { eneg = true; p++; } else if (buf[p] === 43) p++;
            let ed = 0;
            for (; p < limit; p++) {
              c = buf[p]!;
              if (c < 48 || c > 57) break;
              exp = exp * 10 + (c - 48);
              ed++;
            }
            if (ed === 0) ok = false;
            if (eneg) exp = -exp;
          }
          if (p < limit) {
            c = buf[p]!;
            if (c !== delim && c !== LF && c !== CR) ok = false;
          }
          const e10 = exp - frac;
          if (ok && digits > 0 && mant <= Number.MAX_SAFE_INTEGER && e10 >= -22 && e10 <= 22) {
            const v = e10 === 0 ? mant : e10 > 0 ? mant * POW10[e10]! : mant / POW10[-e10]!;
            st.pushNumber(neg ? -v : v, !dot && !hasExp);
            pos = p;
          } else {
            pos = this.generalField(buffer, start, limit, st, chunkValid);
          }
        } else if (!st.selected) {
          while (pos < limit) {
            c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
        } else {
          pos = this.generalField(buffer, start, limit, st, chunkValid);
        }
        if (pos >= limit) { f++; break; }
        const t = buf[pos]!;
        if (t === delim) { pos++; f++; continue; }
        if (t === CR) pos++;
        if (pos < limit && buf[pos] === LF) pos++;
        f++;
        break;
      }
      for (let k = f; k < n; k++) if (states[k]!.selected) states[k]!.missing++;
      this.rows++;
    }
    return pos;
  }

  /** An unquoted field the fast path did not settle: classify its text as pandas would. */
  private generalField(buf: Buffer, start: number, limit: number, st: ColumnState, chunkValid: boolean): number {
    const { delim } = this;
    let p = start;
    while (p < limit) {
      const c = buf[p]!;
      if (c === delim || c === LF || c === CR) break;
      p++;
    }
    const text = buf.toString('utf8', start, p);
    const bad = !chunkValid && !isUtf8(buf.subarray(start, p));
    if (st.kind === 'string') {
      if (NA_TOKENS.has(text)) st.missing++;
      else st.pushString(text, bad);
    } else {
      st.push(classifyField(text), text, bad);
    }
    return p;
  }

  /** Rows may contain quoted fields: stage each row and commit it only when complete. */
  private parseStaged(buf: Buffer, pos: number, limit: number, eof: boolean, chunkValid: boolean): number {
    const { n, states, delim, tag, str, bad } = this;
    while (pos < limit) {
      const rowStart = pos;
      const c0 = buf[pos]!;
      if (c0 === LF) { pos++; continue; }
      if (c0 === CR && (pos + 1 >= limit || buf[pos + 1] === LF)) { pos += pos + 1 < limit ? 2 : 1; continue; }
      let f = 0;
      let complete = true;
      for (;;) {
        if (f >= n) this.tooManyFields();
        const st = states[f]!;
        const c = pos < limit ? buf[pos]! : LF;
        let text: string | null = null;
        let from = pos;
        if (c === QUOTE) {
          const q = scanQuoted(buf, pos, limit);
          if (q === null || (q.end >= limit && !eof)) { complete = false; break; }
          text = q.text;
          let p = q.end;
          while (p < limit && buf[p] !== delim && buf[p] !== LF && buf[p] !== CR) p++;
          if (p > q.end) text += buf.toString('utf8', q.end, p); // text after a closing quote is kept, as pandas does
          pos = p;
        } else {
          from = pos;
          while (pos < limit && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) pos++;
        }
        if (!st.selected) tag[f] = T_SKIP;
        else if (text === null && pos === from) tag[f] = T_MISSING;
        else {
          tag[f] = T_TEXT;
          str[f] = text ?? buf.toString('utf8', from, pos);
          bad[f] = !chunkValid && !isUtf8(buf.subarray(from, pos)) ? 1 : 0;
        }
        if (pos >= limit) {
          if (!eof) { complete = false; break; }
          f++;
          break;
        }
        const t = buf[pos]!;
        if (t === delim) { pos++; f++; continue; }
        if (t === CR) pos++;
        if (pos < limit && buf[pos] === LF) pos++;
        f++;
        break;
      }
      if (!complete) return rowStart;
      for (let k = f; k < n; k++) tag[k] = states[k]!.selected ? T_MISSING : T_SKIP;
      for (let k = 0; k < n; k++) {
        const st = states[k]!;
        if (tag[k] === T_MISSING) st.missing++;
        else if (tag[k] === T_TEXT) {
          const text = str[k]!;
          if (st.kind === 'string') {
            if (NA_TOKENS.has(text)) st.missing++;
            else st.pushString(text, bad[k] === 1);
          } else {
            st.push(classifyField(text), text, bad[k] === 1);
          }
        }
      }
      this.rows++;
    }
    return pos;
  }
}
