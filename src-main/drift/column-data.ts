/**
 * Columns as loaded from a file: non-missing values only, in row order, with what was dropped
 * counted. Numbers live in one Float64Array per column; strings are dictionary-encoded.
 */

/**
 * What the non-missing values of a column look like, as pandas would infer a dtype. 'empty' has no
 * non-missing value; 'other' is a Parquet type the tests do not cover (dates, lists, blobs…).
 */
export type ValueKind = 'empty' | 'integer' | 'float' | 'boolean' | 'string' | 'other';

export interface ColumnData {
  name: string;
  kind: ValueKind;
  /** Rows in the file, missing included. */
  rows: number;
  /** Empty fields, NA tokens, NaN and ±inf. */
  missing: number;
  /** Of the missing, how many were ±inf. */
  infinite: number;
  /** Values whose bytes were not valid UTF-8 (decoded with U+FFFD). */
  invalidUtf8: number;
  /** Numeric kinds (integer, float, boolean as 0/1): the values. */
  numbers?: Float64Array;
  /** String kind: dictionary codes, and the dictionary. */
  codes?: Int32Array;
  labels?: string[];
  /** For kind 'other': the source type, for the note that explains the skip. */
  sourceType?: string;
}

export interface LoadedDataset {
  path: string;
  format: 'csv' | 'parquet';
  bytes: number;
  rows: number;
  /** Every column in the file, in file order (loaded or not). */
  allColumns: string[];
  columns: ColumnData[];
  notes: string[];
}

/** A Float64Array that grows; `view()` is the filled part without copying. */
export class NumberBuffer {
  private data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  private grow(): void {
    const next = new Float64Array(Math.ceil(this.data.length * 1.5) + 16);
    next.set(this.data);
    this.data = next;
  }

  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** An Int32Array that grows. */
export class CodeBuffer {
  private data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.ceil(this.data.length * 1.5) + 16);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A growing dictionary of strings. */
export class StringDictionary {
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();

  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.labels.length;
      this.labels.push(s);
      this.index.set(s, c);
    }
    return c;
  }
}

/** pandas' default NA tokens (read_csv `na_values`): these are missing, not strings. */
export const NA_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA',
  'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

const INF_TOKENS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);
const TRUE_TOKENS = new Set(['True', 'TRUE', 'true']);
const FALSE_TOKENS = new Set(['False', 'FALSE', 'false']);
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_RE = /^[+-]?\d+$/;

/** How one field's text classifies, the way pandas' CSV parser would see it. */
export type FieldValue =
  | { t: 'missing'; infinite: boolean }
  | { t: 'number'; v: number; integer: boolean }
  | { t: 'boolean'; v: boolean }
  | { t: 'string' };

/** Classifies field text that the byte-level fast path did not settle. */
export function classifyField(text: string): FieldValue {
  if (NA_TOKENS.has(text)) return { t: 'missing', infinite: false };
  const s = text.trim();
  if (s === '' ) return { t: 'string' };
  if (NUMBER_RE.test(s)) return { t: 'number', v: Number(s), integer: INTEGER_RE.test(s) };
  const lower = s.toLowerCase();
  if (INF_TOKENS.has(lower)) return { t: 'missing', infinite: true };
  if (TRUE_TOKENS.has(s)) return { t: 'boolean', v: true };
  if (FALSE_TOKENS.has(s)) return { t: 'boolean', v: false };
  return { t: 'string' };
}

/** Text of a number as a category label: integers without a decimal point, others shortest round-trip. */
export function numberLabel(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}
