/**
 * A fast YAML emitter for plain JSON data (objects, arrays, strings, numbers, booleans, null), used for
 * exported manifests: `yaml`'s stringify builds a full document model and takes seconds on a 10,000-node
 * workflow. Block style throughout; a string stays plain only when it cannot be read as anything else,
 * otherwise it is written as a JSON string, which is valid YAML double-quoted text.
 */

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./@=,:()+-]*$/;
// Version-like text ("2.1.0") reads as a string in every YAML version; other digit-led text may be a number.
const VERSION = /^\d+(\.\d+){2,}$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
// Characters YAML does not allow unescaped even inside double quotes, which JSON.stringify leaves raw.
const NON_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g;

export function emitScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  const s = String(v);
  const plain = (PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !/:( |$)/.test(s)) || VERSION.test(s);
  if (plain) return s;
  return JSON.stringify(s).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isBlock(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return true;
  return false;
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return emitScalar(v);
}

const pads: string[] = [];
const pad = (n: number) => (pads[n] ??= ' '.repeat(n));

/**
 * Appends `v` as block YAML at `indent`; `first` replaces the indentation of the first line (it holds the
 * `- ` of an enclosing list item). One growing string, no line arrays: this runs over millions of lines.
 */
function emitBlock(v: object, indent: number, first: string, out: { s: string }): void {
  let lead = first;
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isBlock(item)) emitBlock(item, indent + 2, `${lead}- `, out);
      else out.s += `${lead}- ${inline(item)}\n`;
      lead = pad(indent);
    }
    return;
  }
  for (const k in v) {
    const item = (v as Record<string, unknown>)[k];
    if (item === undefined) continue;
    if (isBlock(item)) {
      out.s += `${lead}${emitScalar(k)}:\n`;
      emitBlock(item, indent + 2, pad(indent + 2), out);
    } else {
      out.s += `${lead}${emitScalar(k)}: ${inline(item)}\n`;
    }
    lead = pad(indent);
  }
}

/** One YAML document for a JSON-compatible value, ending with a newline. */
export function emitYaml(value: unknown): string {
  if (!isBlock(value)) return `${inline(value)}\n`;
  const out = { s: '' };
  emitBlock(value, 0, '', out);
  return out.s;
}
