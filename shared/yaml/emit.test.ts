import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { emitScalar, emitYaml, yamlBlock, yamlField, yamlKey, yamlString } from './emit.js';

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const TRICKY = ['', ' ', 'true', 'No', 'null', '~', '0', '007', '1e3', '-m', '.5', '.inf', 'a: b', 'a #c', '#x', '- x', '[x]', '{x}',
  '*a', '&a', '!t', '|', '>', '%x', '@x', '`x', '"q"', "'q'", 'line\nbreak', 'tab\there', 'trailing ', ' leading', '{{inputs.x}}',
  '$(PARAM)', 'nvidia.com/gpu', '2.1.0', '1.2', 'python:3.12-slim', 'a:', 'x (y), z', 'a: ', '2001-12-14', '0x1F', '1:30', 'pipewright.dev/depends-on', '\u0085nel', '\u007fdel', 'émoji 🚀', '\u2028', 'a:b', 'key=value', 'y', 'ON'];

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.45) {
    const s = r();
    if (s < 0.4) return TRICKY[Math.floor(r() * TRICKY.length)];
    if (s < 0.55) return Math.round((r() - 0.5) * 1e6) / (r() < 0.5 ? 1 : 1000);
    if (s < 0.65) return r() < 0.5;
    if (s < 0.7) return null;
    return Array.from({ length: Math.floor(r() * 12) }, () => String.fromCharCode(32 + Math.floor(r() * 200))).join('');
  }
  if (k < 0.7) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [String(randomValue(r, 9)), randomValue(r, depth + 1)]));
}

describe('emitYaml', () => {
  it('round-trips tricky scalars exactly', () => {
    for (const s of TRICKY) expect(parse(`v: ${emitScalar(s)}`)).toEqual({ v: s });
  });

  it('round-trips thousands of random documents through a real YAML parser', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      const value = { root: randomValue(r, 0) };
      const text = emitYaml(value);
      expect(parse(text), text).toEqual(JSON.parse(JSON.stringify(value)));
    }
  });

  it('writes readable block YAML', () => {
    expect(emitYaml({ a: 1, list: ['x', { k: 'v', nums: [1, 2] }], empty: {}, none: [] })).toBe(
      'a: 1\nlist:\n  - x\n  - k: v\n    nums:\n      - 1\n      - 2\nempty: {}\nnone: []\n');
    expect(parseAllDocuments(`${emitYaml({ a: 1 })}---\n${emitYaml({ b: 2 })}`).map((d) => d.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('writes a field, a nested block or a string exactly as emitYaml does in place', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const key = String(TRICKY[Math.floor(r() * TRICKY.length)]);
      const value = randomValue(r, 1);
      // A field nested two levels down, and the same value as the second item of a list.
      expect(`a:\n  b:\n${yamlField(key, value, 4)}`).toBe(emitYaml({ a: { b: { [key]: value } } }));
      if (value && typeof value === 'object' && Object.keys(value).length) {
        expect(`l:\n  - 1\n${yamlBlock(value, 4, '  - ')}`).toBe(emitYaml({ l: [1, value] }));
      }
      if (typeof value === 'string') expect(`${yamlKey(key)}: ${yamlString(value)}\n`).toBe(emitYaml({ [key]: value }));
    }
  });
});
