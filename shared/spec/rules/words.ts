/** Small phrasing helpers shared by the rules. */
import type { PortType } from '../schema.js';

const TYPE_WORDS: Record<PortType, string> = {
  dataset: 'a dataset', model: 'a model', metrics: 'metrics', file: 'a file',
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', json: 'a JSON value',
};

/** A port type with its article: "a dataset", "an integer". */
export function typeWords(t: PortType): string {
  return TYPE_WORDS[t];
}

/** A value as it would be written, shortened: `'abc'`, `3`, `[...]`. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 37)}...'` : `'${v}'`;
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'object') {
    const text = JSON.stringify(v);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
  return String(v);
}

/** "1 GPU", "2 GPUs". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
