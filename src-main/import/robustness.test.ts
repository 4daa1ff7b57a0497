/**
 * importPipeline never throws: malformed YAML comes back as located issues, foreign formats as one
 * issue, and thousands of random mutations of real KFP and Argo files either import to a valid spec or
 * report why not.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exportKfp } from '../../shared/compiler/exporters/kfp.js';
import { importPipeline } from '../../shared/compiler/import/index.js';
import { compilePlan } from '../../shared/compiler/plan.js';
import { libraryOf, Pipeline } from '../../shared/spec/schema.js';
import { kfpFixtures, kfpLibrary } from '../export/kfp.fixtures.js';
import { referenceFiles, referenceText } from './helpers.js';

describe('importPipeline on bad input', () => {
  it('reports YAML syntax errors with line and column', () => {
    const r = importPipeline('pipelineInfo: {name: x}\nroot:\n  dag: [1,\n  tasks: {}\n', 'bad.yaml');
    expect(r.spec).toBeUndefined();
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'yaml-syntax', file: 'bad.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(r.issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['an empty file', ''],
    ['a scalar', '42'],
    ['a list', '- a\n- b\n'],
    ['a Pipewright spec', 'apiVersion: pipewright.dev/v1\nkind: Pipeline\nmetadata: {name: x}\nnodes: []\n'],
    ['a Kubernetes Job', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\n'],
    ['an Argo CronWorkflow of another API group', 'apiVersion: example.com/v1\nkind: Workflow\n'],
  ])('says that %s is neither format', (_what, text) => {
    const r = importPipeline(text);
    expect(r.spec).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/neither a Kubeflow Pipelines v2 IR .* nor an Argo Workflow/) })]);
  });

  it('survives alias bombs and deep nesting', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [*${i ? 'bcdefghij'[i - 1] : 'a'}, *${i ? 'bcdefghij'[i - 1] : 'a'}, *${i ? 'bcdefghij'[i - 1] : 'a'}, *${i ? 'bcdefghij'[i - 1] : 'a'}]`)].join('\n');
    expect(() => importPipeline(bomb)).not.toThrow();
    const deep = `pipelineInfo: {name: x}\ndeploymentSpec: {}\nroot: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(() => importPipeline(deep)).not.toThrow();
  });
});

/** A small seeded generator, so a failing mutation can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', '{{$}}', '{{tasks.a.outputs.parameters.b}}', "{{$.inputs.parameters['x']}}", [], {}, [null], { name: 1 }, true, 'A_b.c/d'];

/** Replaces, deletes or duplicates a random spot of a document. */
function mutate(doc: unknown, rand: () => number): unknown {
  const copy = structuredClone(doc);
  const spots: [Record<string, unknown> | unknown[], string | number][] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { spots.push([v, i]); visit(x); });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { spots.push([v as Record<string, unknown>, k]); visit(x); }
  };
  visit(copy);
  const times = 1 + Math.floor(rand() * 3);
  for (let n = 0; n < times && spots.length; n++) {
    const [parent, key] = spots[Math.floor(rand() * spots.length)]!;
    const pick = rand();
    const target = parent as Record<string | number, unknown>;
    if (pick < 0.3 && !Array.isArray(parent)) delete target[key];
    else if (pick < 0.4) target[key] = structuredClone(spots[Math.floor(rand() * spots.length)]![0]);
    else target[key] = ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)];
  }
  return copy;
}

describe('importPipeline on mutated real files', () => {
  const sources: [string, unknown[]][] = [
    ...referenceFiles('kfp-ir-examples').map((f): [string, unknown[]] => [f, [referenceText('kfp-ir-examples', f)]]),
    ...referenceFiles('argo-examples').map((f): [string, unknown[]] => [f, [referenceText('argo-examples', f)]]),
    ['kfp-wiring.kfp', exportKfp(compilePlan(kfpFixtures['kfp-wiring']!, kfpLibrary)).objects],
  ];

  it.each(sources)('%s: 300 mutations never throw and never yield an invalid or uncompilable spec', async (_name, source) => {
    const { parseAllDocuments } = await import('yaml');
    const docs = typeof source[0] === 'string' ? parseAllDocuments(source[0]).map((d) => d.toJS()) : source;
    const rand = prng(docs.length * 7919 + JSON.stringify(docs).length);
    for (let i = 0; i < 300; i++) {
      const text = docs.map((d) => stringify(mutate(d, rand))).join('---\n');
      let r: ReturnType<typeof importPipeline> | undefined;
      expect(() => { r = importPipeline(text); }, text).not.toThrow();
      if (!r!.spec) { expect(r!.issues.length, text).toBeGreaterThan(0); continue; }
      expect(Pipeline.safeParse(r!.spec).success, text).toBe(true);
      // Wiring only ever points at imported nodes and declared outputs, so the spec compiles
      // whenever a run needs no param value from the user.
      if (Object.values(r!.spec.params ?? {}).every((p) => p.default !== undefined)) {
        expect(() => compilePlan(r!.spec!, libraryOf([])), text).not.toThrow();
      }
    }
  });
});
