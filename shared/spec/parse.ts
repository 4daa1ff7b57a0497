/**
 * Reads the text of a pipeline spec into a plain value, refusing oversized, over-deep and malformed
 * files with positioned issues instead of exceptions.
 *
 * Two parsers stand behind it: `yaml-fast.ts` reads the plain subset of YAML specs are written in
 * (fast enough for a 10,000-node spec in a UI keystroke), and anything else (anchors, tags, unusual
 * scalars, and every file with a syntax error) goes to the `yaml` package, so error messages and
 * exotic YAML are always handled by the full parser.
 */
import type { Issue } from './issues.js';
import { fastParseYaml, type FastResult, type Positions } from './yaml-fast.js';
import { fullParseYaml, tooDeepMessage } from './yaml-full.js';

/** The limits `parseSpecText` enforces. */
export const SPEC_LIMITS = {
  /** Largest accepted file, in UTF-8 bytes. */
  maxBytes: 20 * 1024 * 1024,
  /** Deepest nesting of lists and mappings. */
  maxDepth: 64,
  /** Most YAML alias expansions (the `yaml` package's guard against "billion laughs"). */
  maxAliasCount: 100,
} as const;

/** A path into the document: mapping keys and list indexes, e.g. ['nodes', 2, 'inputs', 'data']. */
export type SpecPath = readonly (string | number)[];

/** 1-based line and column. */
export interface Location { line: number; column: number }

/** What `parseSpecText` returns. */
export interface ParsedSpec {
  /** The document as plain data; absent when the text could not be read (see `issues`). */
  value?: unknown;
  /** YAML problems: syntax errors, limits, several documents. */
  issues: Issue[];
  /**
   * Where the key or list item at `path` is written (or its deepest existing ancestor, for a missing
   * field). Computed on demand, so it costs nothing for specs without issues.
   */
  locate(path: SpecPath): Location | undefined;
}

/** Parses the text of a pipeline spec (YAML or JSON). Never throws. */
export function parseSpecText(text: string, file?: string): ParsedSpec {
  const none = () => undefined;
  const at = (issue: Omit<Issue, 'file' | 'path'>): Issue => ({ ...issue, path: [], ...(file === undefined ? {} : { file }) });
  try {
    const bytes = utf8Length(text, SPEC_LIMITS.maxBytes);
    if (bytes > SPEC_LIMITS.maxBytes) {
      return {
        issues: [at({
          severity: 'error', code: 'too-large', line: 1, column: 1,
          message: `The file is ${megabytes(bytes)}, more than the ${megabytes(SPEC_LIMITS.maxBytes)} a pipeline spec may be; `
            + 'is it the right file?',
        })],
        locate: none,
      };
    }
    // CRLF files: dropping the CR before LF changes no line or column number.
    const src = text.includes('\r') && !/\r(?!\n)/.test(text) ? text.replace(/\r\n/g, '\n') : text;
    const lines = lazyLines(src);

    const fast = fastParseYaml(src, SPEC_LIMITS.maxDepth);
    if (fast.ok) {
      // Recording positions doubles the parse time, so they are only recorded, by a second parse of
      // the same text, once an issue needs locating.
      let located: FastResult | undefined;
      return {
        value: fast.value, issues: [],
        locate: (path) => {
          located ??= fastParseYaml(src, SPEC_LIMITS.maxDepth, true);
          return located.ok ? lines(offsetInValue(located.value, located.positions, located.rootOffset, path)) : undefined;
        },
      };
    }
    if (fast.tooDeep) {
      const pos = lines(fast.tooDeep.offset)!;
      return { issues: [at({ severity: 'error', code: 'too-deep', message: tooDeepMessage(SPEC_LIMITS.maxDepth), ...pos })], locate: none };
    }

    const full = fullParseYaml(src, SPEC_LIMITS);
    const issues = full.problems.map((p) => at({
      severity: p.severity, code: p.code, message: p.message, ...(lines(p.offset) ?? { line: 1, column: 1 }),
    }));
    return {
      ...(full.value === undefined ? {} : { value: full.value }),
      issues,
      locate: (path) => lines(full.offsetOf(path)),
    };
  } catch (e) {
    // Defensive: a parser bug or a stack overflow on input we did not foresee must not crash the app.
    const tooDeep = e instanceof RangeError;
    return {
      issues: [at({
        severity: 'error', code: tooDeep ? 'too-deep' : 'yaml-syntax', line: 1, column: 1,
        message: tooDeep ? tooDeepMessage(SPEC_LIMITS.maxDepth) : `The file could not be read as YAML: ${(e as Error)?.message ?? e}`,
      })],
      locate: none,
    };
  }
}

/** UTF-8 size of `s`, counted only when it could exceed `limit` (a UTF-16 unit is at most 3 bytes). */
function utf8Length(s: string, limit: number): number {
  if (s.length * 3 <= limit) return s.length;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { bytes += 4; i++; } else bytes += 3;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** Offset -> 1-based line/column, indexing line starts only when first asked. */
function lazyLines(text: string): (offset: number | undefined) => Location | undefined {
  let starts: number[] | undefined;
  return (offset) => {
    if (offset === undefined) return undefined;
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function offsetInValue(value: unknown, positions: Positions, rootOffset: number, path: SpecPath): number {
  let cur = value;
  let best = rootOffset;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) break;
    const pos = positions.get(cur);
    if (!pos) break;
    const key = Array.isArray(pos) ? (typeof seg === 'number' ? seg : Number.NaN) : String(seg);
    const offset = Array.isArray(pos) ? pos[key as number] : Object.hasOwn(pos, key) ? pos[key as string] : undefined;
    if (offset === undefined) break;
    best = offset;
    cur = (cur as Record<string, unknown>)[key];
  }
  return best;
}
