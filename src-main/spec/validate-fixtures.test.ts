/**
 * The validation rules, one fixture each: shared/spec/fixtures/invalid/*.yaml starts with one
 * `# expect: <severity> <code> <path|-> [node=<id>] [at=<line>:<col>] "<message>"` line per issue, and
 * the file must produce exactly those issues (the message need only contain the quoted text).
 * Fixtures in valid/ must produce none. Lives in src-main because it reads files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPath, type Issue } from '../../shared/spec/issues.js';
import { testLibrary } from '../../shared/spec/testing/library.js';
import { validateSpec } from '../../shared/spec/validate.js';

const dir = join(import.meta.dirname, '../../shared/spec/fixtures');
const EXPECT = /^# expect: (error|warning) ([a-z0-9-]+) (\S+)(?: node=(\S+))?(?: at=(\d+):(\d+))? "(.*)"$/;

interface Expectation { severity: string; code: string; path: string; nodeId?: string; line?: number; column?: number; message: string }

function expectations(text: string, file: string): Expectation[] {
  return text.split('\n').filter((l) => l.startsWith('# expect:')).map((l) => {
    const m = EXPECT.exec(l);
    if (!m) throw new Error(`${file}: malformed expectation: ${l}`);
    return {
      severity: m[1]!, code: m[2]!, path: m[3] === '-' ? '' : m[3]!, message: m[7]!,
      ...(m[4] ? { nodeId: m[4] } : {}), ...(m[5] ? { line: Number(m[5]), column: Number(m[6]) } : {}),
    };
  });
}

function matches(i: Issue, e: Expectation): boolean {
  return i.severity === e.severity && i.code === e.code && formatPath(i.path) === e.path && i.nodeId === e.nodeId
    && (e.line === undefined || (i.line === e.line && i.column === e.column)) && i.message.includes(e.message);
}

const show = (i: Issue) => `${i.severity} ${i.code} ${formatPath(i.path) || '-'} node=${i.nodeId} at=${i.line}:${i.column} "${i.message}"`;

describe('invalid fixtures: one per rule', () => {
  const files = readdirSync(join(dir, 'invalid')).filter((f) => f.endsWith('.yaml')).sort();
  it('exist for every issue code the validator emits', () => {
    const codes = new Set(files.flatMap((f) => expectations(readFileSync(join(dir, 'invalid', f), 'utf8'), f).map((e) => e.code)));
    for (const code of ['yaml-syntax', 'too-large', 'too-deep', 'schema', 'duplicate-id', 'unknown-node', 'unknown-output',
      'unknown-input', 'unknown-param', 'unknown-component', 'unknown-version', 'type-mismatch', 'missing-input',
      'missing-param', 'bad-value', 'cycle', 'k8s-name', 'unused-output', 'implementation', 'template']) {
      expect(codes, code).toContain(code);
    }
  });
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(dir, 'invalid', f), 'utf8');
      const expected = expectations(text, f);
      expect(expected.length, 'fixture has expectations').toBeGreaterThan(0);
      const { issues } = validateSpec(text, { library: testLibrary(), file: f });
      const unmatched = [...issues];
      for (const e of expected) {
        const k = unmatched.findIndex((i) => matches(i, e));
        expect(k, `expected ${JSON.stringify(e)}\nbut got:\n${issues.map(show).join('\n')}`).toBeGreaterThanOrEqual(0);
        unmatched.splice(k, 1);
      }
      expect(unmatched.map(show), 'unexpected issues').toEqual([]);
      for (const i of issues) expect(i.file).toBe(f);
    });
  }
});

describe('valid fixtures', () => {
  for (const f of readdirSync(join(dir, 'valid')).sort()) {
    it(`${f} has no issues`, () => {
      const result = validateSpec(readFileSync(join(dir, 'valid', f), 'utf8'), { library: testLibrary(), file: f });
      expect(result.issues.map(show)).toEqual([]);
      expect(result.spec).toBeDefined();
    });
  }
});
