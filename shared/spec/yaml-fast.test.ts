/**
 * The fast subset parser against the `yaml` package: whenever it returns a value, the value must be
 * exactly what `yaml` gives, and it must give up (never guess) on YAML outside its subset or with errors.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateSpec } from './testing/generate.js';
import { fastParseYaml } from './yaml-fast.js';

/** Text the subset covers: the fast parser must accept it and agree with `yaml`. */
const ACCEPTED = [
  'a: 1', 'a: b\nc: [1, 2, {d: e}]\n', '- a\n- b: 1\n  c: 2\n- - x\n  - y\n', 'a:\n- 1\n- 2\nb: 3',
  'a: |\n  x\n  y\n\n  z\nb: 1', 'a: >\n  x\n  y\n\n  z\nb: 1', 'a: |-\n  x\n', 'a: >-\n  x\n  y\n', 'a: |\n\n  x\n',
  'a: |\n  x\n\n\nb: 1', 'a: "x\\ty\\u00e9\\x41\\U0001F600\\\\\\"\\/\\n"', "a: 'it''s'", '"a b": 1\n\'c\': 2',
  'a: 0x1F\nb: 0o17\nc: .inf\nd: -.INF\ne: .nan\nf: 1e3\ng: +12\nh: 1.\ni: ~\nj: Null\nk: TRUE\nl: 1_000\nm: -0\nn: 007',
  'a: 2024-01-01\nb: 1.5e-3\nc: .5\nd: -.5e+2\ne: 12345678901234567890\nf: nul\ng: Yes\nh: 0x\ni: 0o8',
  '{"a": [1, 2,\n  3], "b": {"c": null, "d": true}}', '{"a":1,"b":"x"}', 'a: [1,\n  2\n  ]', 'a: b # c\n# d\ne: f#g',
  'a:\n  b:\n    c: 1\n  d: 2', '---\na: 1', '--- # comment\na: 1', 'a : 1', 'a: [a, b, ]', 'a: {b: c, }', 'a: -1\nb: -x',
  'a: [-1, -x, a:b, http://x/y?z#w]', '{a: 1}\n', 'a:\n\n  b: 1\n', '- a: 1\n  b:\n  - x\n', '[1, 2]',
  'a: {b: [1, [2, [3]]]}', 'a:   \n  - x\n', 'key with spaces: value with spaces  ', 'a: x:y\nb: x#y', 'a: [ "x,y", \'z]\' ]',
  '# only a comment\na: 1 # trailing\n', 'a:\n  - |\n    text\n  - >\n    folded\n    line\n', 'a: "\\"quoted\\""', '', '# only',
  'nodes:\n- id: x\n  inputs:\n    a: {from: b.c}\n- id: y\n', 'a: [{b: 1}, {c: [d]}]', 'constructor: 1\ntoString: 2\nhasOwnProperty: 3',
];

/** Text the fast parser must leave to `yaml`: outside the subset, or an error. */
const GIVEN_UP = [
  'a: [1,\n2]', '---\na: 1\n---\nb: 2', 'a: 1\n...', 'a: x: y', 'a: - b', 'a: 1\na: 2', 'a: [a: 1]', 'a:\n  - x\n  b: 1',
  'a: hello\n  world', 'a: >\n  x\n   y\n', 'a: -', 'k: "a"b', 'x', 'a: "x":\n', 'a: [-, b]', 'a: |2\n  x', 'a: |+\n  x\n\n',
  'a: "\\q"', 'a: &x 1\nb: *x', 'a: !!str 1', '? a\n: b', '%YAML 1.2\n---\na: 1', 'a:\tb', 'a: 1\r\nb: 2', '\ufeffa: 1',
  'a: |\n  x', '1: a', 'true: a', '~: a', '<<: {a: 1}', '__proto__: 1', '{1: a}', '{a}', '{a: }', '[1, , 2]', 'a: [1',
  'a: "unterminated', 'a: "multi\n  line"', '- a\n - b', 'a:\n  b: 1\n c: 2', 'a: [\n]', 'a: {b: 1}}', 'a: b\n  # c\n  d',
  'a: [1]\nb: [2] x', 'a: `x`', 'a: @x', '[a]: 1', 'a: |\n    x\n  y', `${'k'.repeat(1100)}: 1`,
];

describe('fastParseYaml', () => {
  for (const text of ACCEPTED) {
    it(`agrees with yaml on ${JSON.stringify(text).slice(0, 60)}`, () => {
      const fast = fastParseYaml(text, 64);
      expect(fast.ok, 'accepted').toBe(true);
      if (fast.ok) expect(fast.value).toStrictEqual(parse(text));
    });
  }
  for (const text of GIVEN_UP) {
    it(`gives up on ${JSON.stringify(text).slice(0, 60)}`, () => {
      expect(fastParseYaml(text, 64).ok).toBe(false);
    });
  }

  it('reads a generated 2,000-node spec exactly as yaml does', () => {
    const text = generateSpec(2000, { fanIn: 2 });
    const fast = fastParseYaml(text, 64);
    expect(fast.ok).toBe(true);
    if (fast.ok) expect(fast.value).toStrictEqual(parse(text));
  });

  it('refuses nesting past the limit, telling where', () => {
    const ok = `a: ${'['.repeat(63)}1${']'.repeat(63)}`;
    expect(fastParseYaml(ok, 64).ok).toBe(true);
    const deep = fastParseYaml(`a: ${'['.repeat(64)}1${']'.repeat(64)}`, 64);
    expect(deep).toEqual({ ok: false, tooDeep: { offset: 66 } });
    // Far past the limit: no stack overflow, the same refusal.
    expect(fastParseYaml(`a: ${'['.repeat(100_000)}`, 64).ok).toBe(false);
  });

  it('records where keys and items start, when asked', () => {
    const fast = fastParseYaml('a:\n  b: [x, {c: 1}]\nd:\n  - e\n', 64, true);
    if (!fast.ok) throw new Error('not accepted');
    const root = fast.value as { a: { b: unknown[] }; d: unknown[] };
    expect(fast.positions.get(root)).toEqual({ a: 0, d: 20 });
    expect(fast.positions.get(root.a)).toEqual({ b: 5 });
    expect(fast.positions.get(root.a.b)).toEqual([9, 12]);
    expect(fast.positions.get(root.d)).toEqual([27]);
  });
});
