/**
 * The full YAML parser (the `yaml` package), used for files outside the fast subset and for every file
 * with a syntax error, with the guards a desktop app needs against hostile or broken input: nesting is
 * measured on the parser's own stack before anything recursive runs, alias expansion is capped, and
 * errors come back as positioned messages instead of exceptions.
 */
import {
  Composer, isAlias, isMap, isScalar, isSeq, Lexer, Parser, YAMLParseError,
  type CST, type Document, type ErrorCode,
} from 'yaml';

/** A problem the full parser found, at an offset into the text. */
export interface YamlProblem {
  code: 'yaml-syntax' | 'too-deep' | 'too-large';
  message: string;
  offset?: number;
  severity: 'error' | 'warning';
}

/** What `fullParseYaml` returns. */
export interface FullParse {
  value?: unknown;
  problems: YamlProblem[];
  /** Offset of the value at `path` (or of its deepest existing ancestor). */
  offsetOf(path: readonly (string | number)[]): number | undefined;
}

/** Parses `text` with the `yaml` package; never throws. */
export function fullParseYaml(text: string, limits: { maxDepth: number; maxAliasCount: number }): FullParse {
  const fail = (p: YamlProblem): FullParse => ({ problems: [p], offsetOf: () => undefined });

  // The CST parser keeps open collections on an explicit stack: measuring it as tokens arrive refuses
  // deep nesting before the (recursive) composer could overflow the call stack.
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    const { depth, open } = nesting(parser.stack);
    if (depth > limits.maxDepth) {
      return fail({ code: 'too-deep', severity: 'error', offset: parser.offset, message: tooDeepMessage(limits.maxDepth) });
    }
    if (open > limits.maxDepth * 4) return brokenPast(text, parser.offset, limits);
  }
  for (const t of parser.end()) tokens.push(t);

  // yaml's own duplicate-key check compares each key with every other (minutes for 100,000 keys):
  // duplicateKeys() below does the same check with a set.
  const composer = new Composer({ uniqueKeys: false, strict: true, logLevel: 'error' });
  const docs = [...composer.compose(tokens, true, text.length)];
  const doc = docs[0]!;
  if (docs.length > 1) {
    return fail({
      code: 'yaml-syntax', severity: 'error', offset: docs[1]!.range[0],
      message: `The file holds ${docs.length} YAML documents (separated by '---'); a pipeline file must hold exactly one.`,
    });
  }
  const errors = [...doc.errors, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
  const problems: YamlProblem[] = [];
  for (const e of errors.slice(0, MAX_ERRORS)) {
    problems.push({ code: 'yaml-syntax', severity: 'error', offset: e.pos[0], message: yamlMessage(e.code, e.message, text, e.pos, 'error') });
  }
  if (errors.length > MAX_ERRORS) {
    problems.push({
      code: 'yaml-syntax', severity: 'error', offset: errors[MAX_ERRORS]!.pos[0],
      message: `${errors.length - MAX_ERRORS} more YAML syntax errors follow from here; fix the ones above first.`,
    });
  }
  for (const w of doc.warnings) {
    problems.push({ code: 'yaml-syntax', severity: 'warning', offset: w.pos[0], message: yamlMessage(w.code, w.message, text, w.pos, 'warning') });
  }
  const offsetOf = (path: readonly (string | number)[]) => offsetInDoc(doc, path);
  if (problems.some((p) => p.severity === 'error')) return { problems, offsetOf };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    const message = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `The file's YAML aliases (*name) expand to too much data (more than ${limits.maxAliasCount} copies); `
        + 'this looks like an alias bomb and is refused.'
      : e instanceof RangeError ? tooDeepMessage(limits.maxDepth) : `The YAML could not be read: ${(e as Error).message}`;
    return { problems: [...problems, { code: e instanceof RangeError ? 'too-deep' : 'too-large', severity: 'error', message }], offsetOf };
  }
  // Aliases can nest a value deeper than the text does, or make it recursive.
  const shape = measure(value, limits.maxDepth);
  if (shape !== 'ok') {
    const message = shape === 'recursive'
      ? 'A YAML alias refers to a mapping or list that contains it, which makes the value infinitely deep.'
      : tooDeepMessage(limits.maxDepth);
    return { problems: [...problems, { code: shape === 'recursive' ? 'yaml-syntax' : 'too-deep', severity: 'error', message }], offsetOf };
  }
  return { value, problems, offsetOf };
}

/** The sentence for a file nested past the limit (shared by both parsers). */
export function tooDeepMessage(maxDepth: number): string {
  return `The file nests lists and mappings more than ${maxDepth} levels deep; a pipeline spec never needs that, so it is refused.`;
}

/**
 * Keys that appear twice in one mapping, as yaml's `uniqueKeys` finds them (scalar keys with equal
 * values; other keys are only equal to themselves), in linear time. Walks the tree without recursion.
 */
function duplicateKeys(doc: Document.Parsed): YAMLParseError[] {
  const found: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) found.push(new YAMLParseError(key.range ? [key.range[0], key.range[1]] : [0, 0], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(key.value);
        }
        stack.push(pair.value);
        if (!isScalar(key)) stack.push(key); // a mapping used as a key has keys too
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return found;
}

/** Syntax errors reported one by one; after that many, the rest are counted (one broken line can cause thousands). */
const MAX_ERRORS = 50;

/**
 * How deep the parser's open collections nest. A block collection nested in another only adds a level
 * when it is indented further (or is a list under a mapping key, at the key's column), as in any valid
 * YAML; `open` counts them all, which matters for broken input: after a tab or a misplaced key the
 * parser may open collection after collection at the same column.
 */
function nesting(stack: readonly CST.Token[]): { depth: number; open: number } {
  let depth = 0;
  let open = 0;
  let indent = -1;
  let type = '';
  for (const t of stack) {
    if (t.type === 'flow-collection') {
      depth++;
      open++;
    } else if (t.type === 'block-map' || t.type === 'block-seq') {
      open++;
      if (t.indent > indent || (t.type === 'block-seq' && type === 'block-map' && t.indent === indent)) depth++;
      indent = t.indent;
      type = t.type;
    }
  }
  return { depth, open };
}

/**
 * Input so broken that the parser's recovery keeps nesting deeper: report the errors of the text up to
 * the line where that got out of hand (the first of them is usually the cause), and stop there.
 */
function brokenPast(text: string, offset: number, limits: { maxDepth: number; maxAliasCount: number }): FullParse {
  const cut = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const before = cut > 0 ? fullParseYaml(text.slice(0, cut), limits).problems.filter((p) => p.severity === 'error') : [];
  const stop: YamlProblem = {
    code: 'yaml-syntax', severity: 'error', offset: cut,
    message: 'The YAML is too broken to read past this line: its indentation keeps opening new levels'
      + `${before.length ? ' (see the errors above)' : ''}; the rest of the file was not checked.`,
  };
  return { problems: [...before, stop], offsetOf: () => undefined };
}

/** Depth of a JS value, iteratively (no recursion), or 'recursive' when it contains itself. */
function measure(root: unknown, maxDepth: number): 'ok' | 'deep' | 'recursive' {
  const onPath = new Set<object>();
  const stack: { v: object; depth: number; children?: unknown[]; next: number }[] = [];
  const push = (v: unknown, depth: number): 'ok' | 'deep' | 'recursive' => {
    if (typeof v !== 'object' || v === null) return 'ok';
    if (onPath.has(v)) return 'recursive';
    if (depth > maxDepth) return 'deep';
    onPath.add(v);
    stack.push({ v, depth, next: 0 });
    return 'ok';
  };
  let visited = 0;
  const first = push(root, 1);
  if (first !== 'ok') return first;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    top.children ??= Array.isArray(top.v) ? top.v : Object.values(top.v);
    if (top.next >= top.children.length) {
      onPath.delete(top.v);
      stack.pop();
      continue;
    }
    if (++visited > 5_000_000) return 'deep';
    const r = push(top.children[top.next++], top.depth + 1);
    if (r !== 'ok') return r;
  }
  return 'ok';
}

/** The offset of the key (in a mapping) or item (in a list) at `path`, or of its deepest existing ancestor. */
function offsetInDoc(doc: Document.Parsed, path: readonly (string | number)[]): number {
  let node: unknown = doc.contents;
  let best = (node as { range?: number[] } | null)?.range?.[0] ?? 0; // an empty document: its start
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = isScalar(p.key) ? p.key.value : p.key;
        return String(k ?? '') === String(seg);
      });
      if (!pair) break;
      best = (pair.key as { range?: number[] } | null)?.range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as { range?: number[] } | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return best;
}

const FRIENDLY: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'Tabs cannot indent YAML; indent with spaces.',
  MULTIPLE_DOCS: 'The file holds several YAML documents; a pipeline file must hold exactly one.',
  KEY_OVER_1024_CHARS: 'A key is longer than 1024 characters (is a colon missing after a long line?).',
  BAD_DQ_ESCAPE: 'A double-quoted string holds an invalid escape sequence; write \\\\ for a backslash or use single quotes.',
  MULTILINE_IMPLICIT_KEY: 'A key runs over more than one line; is a colon or a quote missing?',
};

/** Turns a `yaml` error into a sentence: its own messages are good, we add context where they are terse. */
function yamlMessage(code: ErrorCode, message: string, text: string, pos: [number, number], severity: 'error' | 'warning'): string {
  if (code === 'DUPLICATE_KEY') {
    // The error's range covers the key's first character only: read the key up to its colon.
    const key = text.slice(pos[0], pos[0] + 80).split(/:(?:\s|$)|\n/)[0]!.trim();
    return `The key '${key}' appears more than once in the same mapping; each key may appear only once.`;
  }
  const prefix = severity === 'error' ? 'YAML syntax error' : 'YAML warning';
  const friendly = FRIENDLY[code];
  if (friendly) return `${prefix}: ${friendly}`;
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
  return `${prefix}: ${first}${/[.!?]$/.test(first) ? '' : '.'}`;
}
