/**
 * Scalar rules of YAML 1.2's core schema, as the `yaml` package applies them, for the fast subset parser
 * in `yaml-fast.ts`. The regular expressions are copied from yaml 2.x (`schema/core/*.js`) so both
 * parsers give the same value for the same text; the differential tests and the fuzz test hold them to it.
 */

const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * The value of a plain (unquoted) scalar: null, a boolean, a number or the string itself. Dispatches on
 * the first character so that ordinary words skip the regular expressions.
 */
export function resolvePlain(s: string): unknown {
  switch (s.charCodeAt(0)) {
    case 126: return s === '~' ? null : s; // ~
    case 110: case 78: return s === 'null' || s === 'Null' || s === 'NULL' ? null : s; // n N
    case 116: case 84: return s === 'true' || s === 'True' || s === 'TRUE' ? true : s; // t T
    case 102: case 70: return s === 'false' || s === 'False' || s === 'FALSE' ? false : s; // f F
    case 43: case 45: case 46: // + - .
    case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57:
      return resolveNumber(s);
    default: return s;
  }
}

function resolveNumber(s: string): unknown {
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  if (FLOAT_NAN.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return s;
}

/** Where a quoted scalar ended; reused so reading a scalar allocates nothing but its text. */
export interface QuotedEnd { end: number }

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

/**
 * Reads a double-quoted scalar that opens at `start` and closes on the same line.
 * Returns the decoded text (and sets `out.end` after the closing quote), or undefined when the scalar spans
 * lines or holds an escape YAML rejects (the caller then leaves the text to the full parser).
 */
export function readDoubleQuoted(s: string, start: number, out: QuotedEnd): string | undefined {
  // Most quoted scalars hold no escapes: find the closing quote natively and take the text as it is.
  const close = s.indexOf('"', start + 1);
  if (close === -1) return undefined;
  const quick = s.slice(start + 1, close);
  if (!quick.includes('\\') && !quick.includes('\n')) {
    out.end = close + 1;
    return quick;
  }
  let text = '';
  let run = start + 1;
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      out.end = i + 1;
      return text + s.slice(run, i);
    }
    if (c === 10) return undefined;
    if (c !== 92) continue;
    text += s.slice(run, i);
    const e = s[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      text += simple;
      i += 1;
    } else {
      const n = HEX_LENGTH[e];
      const hex = n === undefined ? '' : s.slice(i + 2, i + 2 + n);
      if (n === undefined || hex.length !== n || !HEX.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      text += String.fromCodePoint(code);
      i += 1 + n;
    }
    run = i + 1;
  }
  return undefined;
}

/** Reads a single-quoted scalar (`''` is a quote) that closes on the same line, like {@link readDoubleQuoted}. */
export function readSingleQuoted(s: string, start: number, out: QuotedEnd): string | undefined {
  const close = s.indexOf("'", start + 1);
  if (close === -1) return undefined;
  if (s.charCodeAt(close + 1) !== 39) {
    const quick = s.slice(start + 1, close);
    if (quick.includes('\n')) return undefined;
    out.end = close + 1;
    return quick;
  }
  let text = '';
  let run = start + 1;
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) return undefined;
    if (c !== 39) continue;
    if (s.charCodeAt(i + 1) === 39) {
      text += s.slice(run, i + 1);
      i += 1;
      run = i + 1;
      continue;
    }
    out.end = i + 1;
    return text + s.slice(run, i);
  }
  return undefined;
}

/**
 * Reads the body of a `|` or `>` block scalar whose header is at `header` and whose first line starts
 * at `start`: clip or strip chomping (`|-`), indentation detected from the first line, which must be
 * deeper than `parent`. Returns the text and the start of the line after it, or undefined for the
 * rarer forms and subtleties left to the full parser: an empty body, more-indented or space-ended
 * lines in a folded scalar, whitespace lines deeper than the content, no final line break.
 */
export function readBlockScalar(s: string, header: number, start: number, parent: number): { value: string; next: number } | undefined {
  const folded = s.charCodeAt(header) === 62;
  const strip = s.charCodeAt(header + 1) === 45;
  const lines: string[] = [];
  let indent = -1;
  let blanks = 0;
  let i = start;
  while (i < s.length) {
    const nl = s.indexOf('\n', i);
    const end = nl === -1 ? s.length : nl + 1;
    const text = s.slice(i, nl === -1 ? end : nl);
    let sp = 0;
    while (text.charCodeAt(sp) === 32) sp++;
    if (sp === text.length) { // blank: part of the scalar, unless deeper than its content
      if (indent >= 0 ? sp > indent : sp > parent + 1) return undefined;
      blanks++;
      i = end;
      continue;
    }
    if (indent < 0) {
      if (sp <= parent) break;
      indent = sp;
    } else if (sp < indent) break;
    if (folded && (sp > indent || text.endsWith(' '))) return undefined;
    if (nl === -1) return undefined; // no final line break
    for (; blanks > 0; blanks--) lines.push('');
    lines.push(text.slice(indent));
    i = end;
  }
  if (lines.length === 0) return undefined;
  let body: string;
  if (!folded) body = lines.join('\n');
  else {
    body = lines[0]!;
    for (let k = 1; k < lines.length; k++) {
      const line = lines[k]!;
      body += line === '' ? '\n' : lines[k - 1] === '' ? line : ` ${line}`;
    }
  }
  return { value: strip ? body : `${body}\n`, next: i };
}
