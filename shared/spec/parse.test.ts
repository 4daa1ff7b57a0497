import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSpecText, SPEC_LIMITS } from './parse.js';

const SPEC = `apiVersion: pipewright.dev/v1
kind: Pipeline
metadata:
  name: demo
nodes:
  - id: a
    kind: custom
    container: {command: [echo, hi]}
`;

describe('parseSpecText', () => {
  it('reads YAML and JSON into plain data', () => {
    const yaml = parseSpecText(SPEC);
    expect(yaml.issues).toEqual([]);
    expect(yaml.value).toEqual(parse(SPEC));
    const json = parseSpecText(JSON.stringify(parse(SPEC), null, 2));
    expect(json.value).toEqual(yaml.value);
  });

  it('locates keys and list items (fast path), falling back to the nearest existing ancestor', () => {
    const { locate } = parseSpecText(SPEC);
    expect(locate([])).toEqual({ line: 1, column: 1 });
    expect(locate(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
    expect(locate(['nodes', 0])).toEqual({ line: 6, column: 5 });
    expect(locate(['nodes', 0, 'container', 'command', 1])).toEqual({ line: 8, column: 33 });
    expect(locate(['nodes', 0, 'inputs', 'x'])).toEqual({ line: 6, column: 5 });
    expect(locate(['nodes', 3])).toEqual({ line: 5, column: 1 });
  });

  it('locates the same way when the full parser had to read the file (anchors)', () => {
    const text = SPEC.replace('name: demo', 'name: &n demo').replace('kind: custom', 'kind: custom\n    name: *n');
    const parsed = parseSpecText(text);
    expect(parsed.issues).toEqual([]);
    expect((parsed.value as { nodes: { name: string }[] }).nodes[0]!.name).toBe('demo');
    expect(parsed.locate(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
    expect(parsed.locate(['nodes', 0, 'container', 'command', 1])).toEqual({ line: 9, column: 33 });
    expect(parsed.locate(['nodes', 0, 'inputs'])).toEqual({ line: 6, column: 5 });
  });

  it('keeps line and column numbers of CRLF files', () => {
    const parsed = parseSpecText(SPEC.replace(/\n/g, '\r\n'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.locate(['nodes', 0, 'kind'])).toEqual({ line: 7, column: 5 });
  });

  it('reports every YAML syntax error with line and column, and no value', () => {
    const parsed = parseSpecText('a: [1, 2\nb: "open\nc: d: e\n', 'bad.yaml');
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues.length).toBeGreaterThan(0);
    for (const i of parsed.issues) {
      expect(i).toMatchObject({ severity: 'error', code: 'yaml-syntax', file: 'bad.yaml' });
      expect(i.line).toBeGreaterThan(0);
      expect(i.column).toBeGreaterThan(0);
      expect(i.message).toMatch(/^YAML syntax error: .*\.$/);
    }
  });

  it('treats duplicate keys as errors, naming the key', () => {
    const parsed = parseSpecText('a: 1\nb: 2\na: 3\n');
    expect(parsed.issues).toMatchObject([{ code: 'yaml-syntax', line: 3, column: 1, message: expect.stringContaining("'a' appears more than once") }]);
  });

  it('finds duplicate keys in linear time, also where the full parser reads the file', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: &a${i} ${i}`);
    const start = performance.now();
    const parsed = parseSpecText([...keys, 'k7: again', '{a: 1, a: 2}: x'].join('\n'));
    expect(performance.now() - start).toBeLessThan(10_000); // yaml's own check: minutes
    expect(parsed.issues.map((i) => [i.line, i.message.split(' appears')[0]])).toEqual([[50_001, "The key 'k7'"], [50_002, "The key 'a'"]]);
  });

  it('reports the cause, not the depth, when broken indentation makes the parser nest deeper and deeper', () => {
    const lines = ['nodes:'];
    for (let i = 0; i < 400; i++) lines.push(`  - id: n${i}`, '\tkind: custom');
    const parsed = parseSpecText(lines.join('\n'));
    expect(parsed.issues[0]).toMatchObject({ code: 'yaml-syntax', line: 3, message: expect.stringContaining('Tabs') });
    expect(parsed.issues.some((i) => i.code === 'too-deep')).toBe(false);
  });

  it('refuses files with several documents', () => {
    const parsed = parseSpecText('a: 1\n---\nb: 2\n---\nc: 3\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues).toMatchObject([{ code: 'yaml-syntax', line: 2, column: 1, message: expect.stringContaining('3 YAML documents') }]);
  });

  it('refuses a 50 MB file quickly, giving its size and the limit', () => {
    const big = `a: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    const start = performance.now();
    const parsed = parseSpecText(big, 'big.yaml');
    expect(performance.now() - start).toBeLessThan(1000);
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ code: 'too-large', severity: 'error', file: 'big.yaml' });
    expect(parsed.issues[0]!.message).toContain('50 MB');
    expect(parsed.issues[0]!.message).toContain('20 MB');
  });

  it('counts UTF-8 bytes, not characters, against the size limit', () => {
    const chars = Math.floor(SPEC_LIMITS.maxBytes / 3) + 10; // 3 bytes each: just over the limit
    const parsed = parseSpecText(`a: "${'€'.repeat(chars)}"`);
    expect(parsed.issues[0]?.code).toBe('too-large');
  });

  it('refuses deep nesting on both parsers without overflowing the stack', () => {
    const limit = SPEC_LIMITS.maxDepth;
    const flow = (n: number) => `a: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
    const block = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    // The root mapping is one level: `a:` plus limit-1 lists is exactly the limit.
    expect(parseSpecText(flow(limit - 1)).issues).toEqual([]);
    expect(parseSpecText(block(limit)).issues).toEqual([]);
    // `&x` sends the text to the full parser, which must apply the same limit.
    expect(parseSpecText(`x: &x 1\n${flow(limit - 1)}`).issues).toEqual([]);
    for (const text of [flow(limit), block(limit + 1), `x: &x 1\n${flow(limit)}`, `x: &x 1\n${block(limit + 1)}`,
      `a: ${'['.repeat(200_000)}`, `x: &x 1\na: ${'{a: '.repeat(100_000)}`, '- '.repeat(50_000)]) {
      const parsed = parseSpecText(text);
      expect(parsed.value).toBeUndefined();
      expect(parsed.issues).toMatchObject([{ code: 'too-deep', message: expect.stringContaining(`${limit} levels`) }]);
      expect(parsed.issues[0]!.line).toBeGreaterThan(0);
    }
  });

  it('refuses alias bombs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
    const parsed = parseSpecText(lines.join('\n'));
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues).toMatchObject([{ code: 'too-large', message: expect.stringContaining('alias') }]);
  });

  it('refuses recursive aliases', () => {
    const parsed = parseSpecText('a: &a [1, *a]\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues[0]?.severity).toBe('error');
  });

  it('reads files outside the fast subset through the full parser', () => {
    for (const text of ['\ufeffa: 1', 'a: !!str 1', 'a:\tb', 'a: |+\n  x\n\n', '? a\n: b', 'a: "multi\n  line"']) {
      const parsed = parseSpecText(text);
      expect(parsed.issues).toEqual([]);
      expect(parsed.value).toEqual(parse(text));
    }
  });

  it('never throws', () => {
    for (const text of ['', '\0', ':', '- - - -', '[', '{', '"', "'", '|', '&', '*x', '!', '%', '@', '`', '---\n---',
      '\u2028', '\ud800', 'a: \ud800', 'a: *unknown', '<<: *x', '? [a]\n: b', '[a]: b']) {
      expect(() => parseSpecText(text)).not.toThrow();
    }
  });
});
