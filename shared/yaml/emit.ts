/**
 * A fast YAML emitter for plain JSON data (objects, arrays, strings, numbers, booleans, null), used for
 * exported manifests: `yaml`'s stringify builds a full document model and takes seconds on a 10,000-node
 * workflow. Block style throughout; a string stays plain only when it cannot be read as anything else,
 * otherwise it is written as a JSON string, which is valid YAML double-quoted text.
 */

// The plain-scalar rule, as regular expressions (the scanner in isPlain applies exactly these):
//   plain   = /^[A-Za-z_/][A-Za-z0-9_ ./@=,:()+-]*$/, not RESERVED, no trailing space, no /:( |$)/
//   or VERSION: version-like text ("2.1.0") reads as a string in every YAML version; other digit-led
//   text may be a number.
const VERSION = /^\d+(\.\d+){2,}$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
// Characters YAML does not allow unescaped even inside double quotes, which JSON.stringify leaves raw.
const NON_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g;

/** Per ASCII code: 1 = may start a plain scalar (and follow), 2 = may only follow the first character. */
const PLAIN_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_/]/.test(ch)) PLAIN_CHAR[c] = 1;
  else if (/[0-9 .@=,:()+-]/.test(ch)) PLAIN_CHAR[c] = 2;
}
const COLON = 58;
const SPACE = 32;

/** Whether `s` can be written as a plain scalar that reads back as the same string. */
function isPlain(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  if (first >= 128 || PLAIN_CHAR[first] !== 1) return first >= 48 && first <= 57 && VERSION.test(s);
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || PLAIN_CHAR[c] === 0) return false;
    // `: ` or a final `:` would start a mapping.
    if (c === COLON && (i === n - 1 || s.charCodeAt(i + 1) === SPACE)) return false;
  }
  if (s.charCodeAt(n - 1) === SPACE) return false;
  return n > 5 || !RESERVED.test(s);
}

/** Size at which each cache below is dropped and started afresh (user-named keys and values in big documents). */
const CACHE_MAX = 10_000;
const pads: string[] = [];
const pad = (n: number) => (pads[n] ??= ' '.repeat(n));

/**
 * `s` as a JSON string. Quoted values repeat a lot in manifests (`"-m"`, `"10m"`, `"{{inputs.parameters.x}}"`),
 * so their text is kept.
 */
function quote(s: string): string {
  let text = quoteCache.get(s);
  if (text === undefined) {
    text = JSON.stringify(s).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (s.length <= QUOTE_CACHE_MAX_LENGTH) {
      if (quoteCache.size >= CACHE_MAX) quoteCache = new Map();
      quoteCache.set(s, text);
    }
  }
  return text;
}
/** Longer text is quoted every time rather than kept alive by the cache. */
const QUOTE_CACHE_MAX_LENGTH = 1024;
let quoteCache = new Map<string, string>();

export function emitScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  const s = String(v);
  return isPlain(s) ? s : quote(s);
}

/**
 * Mapping keys repeat on every object (name, image, command...): the text of `key: ` and `key:\n` at each
 * indentation is worked out once, keyed by indentation, then key.
 */
interface KeyText { value: string; block: string }
const keyTexts: Map<string, KeyText>[] = [];
function keyText(indent: number, k: string): KeyText {
  let byKey = keyTexts[indent];
  if (byKey === undefined || byKey.size >= CACHE_MAX) keyTexts[indent] = byKey = new Map();
  let text = byKey.get(k);
  if (text === undefined) {
    const key = isPlain(k) ? k : quote(k);
    text = { value: `${pad(indent)}${key}: `, block: `${pad(indent)}${key}:\n` };
    byKey.set(k, text);
  }
  return text;
}

function isBlock(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return true;
  return false;
}

function inline(v: unknown): string {
  if (typeof v === 'string') return isPlain(v) ? v : quote(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return emitScalar(v);
}

/**
 * The text being written: a line's parts go into a fixed-size array (`n` of them used) that is joined
 * into a flat chunk when nearly full; the chunks are joined once at the end. The array is kept and
 * reused from one document to the next: pushing, emptying and regrowing it cost as much as the joins.
 */
interface Out { parts: string[]; n: number; chunks: string[] }
const CHUNK_PARTS = 4096;
/** The most parts one line adds. */
const LINE_PARTS = 4;
let spareParts: string[] | undefined;

/** Joins the parts of a nearly full array into a chunk (the unused tail holds empty strings). */
function flushParts(out: Out): void {
  out.parts.fill('', out.n);
  out.chunks.push(out.parts.join(''));
  out.n = 0;
}

/**
 * Appends `v` as block YAML at `indent`; `first` replaces the indentation of the first line (it holds the
 * `- ` of an enclosing list item).
 */
function emitBlock(v: object, indent: number, first: string, out: Out): void {
  const parts = out.parts;
  if (Array.isArray(v)) {
    let lead = first;
    for (const item of v) {
      if (isBlock(item)) emitBlock(item, indent + 2, `${lead}- `, out);
      else {
        if (out.n > CHUNK_PARTS - LINE_PARTS) flushParts(out);
        parts[out.n++] = lead; parts[out.n++] = '- '; parts[out.n++] = inline(item); parts[out.n++] = '\n';
      }
      lead = pad(indent);
    }
    return;
  }
  // The first line carries `first` (an enclosing list item's `- `), the others the plain indentation.
  let firstLine = first !== pad(indent);
  for (const k in v) {
    const item = (v as Record<string, unknown>)[k];
    if (item === undefined) continue;
    const text = keyText(indent, k);
    if (out.n > CHUNK_PARTS - LINE_PARTS) flushParts(out);
    if (isBlock(item)) {
      if (firstLine) { parts[out.n++] = first; parts[out.n++] = text.block.slice(indent); }
      else parts[out.n++] = text.block;
      emitBlock(item, indent + 2, pad(indent + 2), out);
    } else {
      if (firstLine) { parts[out.n++] = first; parts[out.n++] = text.value.slice(indent); }
      else parts[out.n++] = text.value;
      parts[out.n++] = inline(item);
      parts[out.n++] = '\n';
    }
    firstLine = false;
  }
}

/** One YAML document for a JSON-compatible value, ending with a newline. */
export function emitYaml(value: unknown): string {
  if (!isBlock(value)) return `${inline(value)}\n`;
  const parts = spareParts ?? new Array<string>(CHUNK_PARTS).fill('');
  spareParts = undefined;
  const out: Out = { parts, n: 0, chunks: [] };
  emitBlock(value, 0, '', out);
  out.chunks.push(parts.slice(0, out.n).join(''));
  parts.fill('', 0, out.n); // keeps no text of this document alive
  spareParts = parts;
  return out.chunks.join('');
}

/*
 * Pieces for exporters that write their bulky, regular parts as text directly (see the *-text.ts
 * exporters): each gives exactly the bytes emitYaml would write for the same value at the same place.
 */

/** A string value as emitYaml writes it after `key: ` or `- `: plain when safe, else a JSON string. */
export function yamlString(s: string): string {
  return isPlain(s) ? s : quote(s);
}

/** A mapping key as emitYaml writes it (without the `: `). */
export function yamlKey(k: string): string {
  return isPlain(k) ? k : quote(k);
}

/**
 * The lines emitYaml writes for `key: value` inside a mapping at `indent`: `key: scalar` on one line, or
 * `key:` and the block below it. Undefined values give no text, as emitYaml skips them.
 */
export function yamlField(key: string, value: unknown, indent: number): string {
  if (value === undefined) return '';
  const text = keyText(indent, key);
  if (!isBlock(value)) return `${text.value}${inline(value)}\n`;
  return text.block + yamlBlock(value, indent + 2);
}

/**
 * The lines emitYaml writes for a non-empty object or array nested at `indent`; `first` replaces the
 * indentation of the first line, e.g. `${pad}- ` for a list item.
 */
export function yamlBlock(value: object, indent: number, first = pad(indent)): string {
  const parts = spareParts ?? new Array<string>(CHUNK_PARTS).fill('');
  spareParts = undefined;
  const out: Out = { parts, n: 0, chunks: [] };
  emitBlock(value, indent, first, out);
  out.chunks.push(parts.slice(0, out.n).join(''));
  parts.fill('', 0, out.n);
  spareParts = parts;
  return out.chunks.length === 1 ? out.chunks[0]! : out.chunks.join('');
}

/** `n` spaces. */
export const yamlPad = pad;
