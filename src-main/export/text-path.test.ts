/**
 * The exporters write their YAML straight from the plan (the *-text.ts modules) and build the objects only
 * when read. Emitting those objects is the reference: the written text must equal it byte for byte, and
 * the warnings must be the same, on every fixture, every example, a generated large pipeline and plans
 * with the rarer settings (secrets, GPUs, shared memory, odd names and labels).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildArgo, exportArgo, header as argoHeader } from '../../shared/compiler/exporters/argo.js';
import { toYaml, type ExportResult } from '../../shared/compiler/exporters/common.js';
import { buildK8s, exportK8s, header as k8sHeader } from '../../shared/compiler/exporters/k8s.js';
import { buildKfp, exportKfp, header as kfpHeader } from '../../shared/compiler/exporters/kfp.js';
import { compilePlan, type Plan } from '../../shared/compiler/plan.js';
import { Component, libraryOf, Pipeline } from '../../shared/spec/schema.js';
import { generateSpec } from '../../shared/spec/testing/generate.js';
import { validateSpec } from '../../shared/spec/validate.js';
import { kfpFixtures, kfpLibrary } from './kfp.fixtures.js';
import { fixturePlan, fixtures } from './testing/fixtures.js';
import { repoRoot } from './testing/reference.js';

interface Target {
  fast: (plan: Plan) => ExportResult;
  reference: (plan: Plan) => { yaml: string; warnings: string[] };
}
const targets: Record<string, Target> = {
  argo: { fast: exportArgo, reference: (plan) => { const r = buildArgo(plan); return { yaml: argoHeader(plan) + toYaml(r.objects), warnings: r.warnings }; } },
  kfp: { fast: exportKfp, reference: (plan) => { const r = buildKfp(plan); return { yaml: kfpHeader(plan) + toYaml(r.objects), warnings: r.warnings }; } },
  k8s: { fast: exportK8s, reference: (plan) => { const r = buildK8s(plan); return { yaml: k8sHeader(plan) + toYaml(r.objects), warnings: r.warnings }; } },
};

const examplesDir = path.join(repoRoot, 'resources/examples');
const componentsDir = path.join(repoRoot, 'resources/components');
const yamlFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : []);

function generatedPlan(nodes: number, fanIn = 1): Plan {
  const library = libraryOf([]);
  const spec = validateSpec(generateSpec(nodes, { fanIn }), { file: 'generated.yaml', library }).spec!;
  return compilePlan(spec, library);
}

/** A generated plan changed to use what the generated specs never do. */
function unusualPlan(): Plan {
  const plan = generatedPlan(12, 2);
  plan.labels = { team: 'ml', '1': 'digit key', 'pipewright.dev/node': 'taken', 'needs: quoting': 'yes: really' };
  plan.description = 'A description: with "quotes"\nand a line break';
  const [a, b, c, d, e, f] = plan.nodes as [Plan['nodes'][number], ...Plan['nodes']];
  a.env = { PLAIN: 'text $(HOME)', SECRET: { secret: 'db-creds', key: 'password' }, BAD: { secret: 'Bad_Name', key: 'k' } };
  a.resources = { cpu: 2, memory: '4Gi', gpu: 1, shm: '1Gi' };
  b!.resources = { gpu: 2 };
  b!.workingDir = '/work dir';
  b!.image = undefined;
  c!.command = [];
  c!.timeoutSeconds = 90.5;
  c!.retries = { count: 3, initialSeconds: 5, factor: 1.5, maxSeconds: 7200 };
  d!.cache = true;
  d!.name = 'yes';
  e!.resources = { memory: '512Mi', shm: '64Mi' };
  e!.outputs = [];
  f!.env = { 'EMPTY': '', 'NUM': '10' };
  f!.inputs.push({ ...f!.inputs[0]!, name: 'cfg', type: 'json', source: { kind: 'value', value: { b: 1, a: [1, 'x: y'], c: {} } } });
  plan.params.seed!.description = 'The seed: fixed';
  return plan;
}

/** A generated plan whose node ids are numbers, which JS objects order before other keys. */
function numericIdsPlan(): Plan {
  return JSON.parse(JSON.stringify(generatedPlan(30, 2)).replace(/"n(\d+)"/g, (_m, i: string) => `"${(Number(i) * 7) % 30}"`)) as Plan;
}

const cases: [string, () => Plan][] = [
  ...Object.keys(fixtures).map((name): [string, () => Plan] => [name, () => fixturePlan(name)]),
  ...Object.entries(kfpFixtures).map(([name, spec]): [string, () => Plan] => [name, () => compilePlan(structuredClone(spec), kfpLibrary)]),
  ['generated 2,000 nodes', () => generatedPlan(2000)],
  ['generated chain', () => generatedPlan(50, 0)],
  ['generated dense', () => generatedPlan(60, 4)],
  ['unusual settings', unusualPlan],
  ['numeric node ids', numericIdsPlan],
];
const components = !existsSync(componentsDir) ? [] : readdirSync(componentsDir)
  .flatMap((id) => yamlFiles(path.join(componentsDir, id)).map((f) => Component.parse(parse(readFileSync(path.join(componentsDir, id, f), 'utf8')))));
for (const file of yamlFiles(examplesDir)) {
  cases.push([`example ${file}`, () => compilePlan(Pipeline.parse(parse(readFileSync(path.join(examplesDir, file), 'utf8'))), libraryOf(components))]);
}

describe.each(Object.entries(targets))('%s export written as text', (_name, target) => {
  it.each(cases)('%s: same text and warnings as emitting the built objects', (_case, planOf) => {
    const fast = target.fast(planOf());
    const reference = target.reference(planOf());
    expect(fast.warnings).toEqual(reference.warnings);
    // Not toEqual on the whole text: a diff of megabytes is unreadable. First differing line instead.
    if (fast.yaml !== reference.yaml) {
      const a = fast.yaml.split('\n');
      const b = reference.yaml.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      expect({ line: i + 1, text: a.slice(Math.max(0, i - 3), i + 3) }).toEqual({ line: i + 1, text: b.slice(Math.max(0, i - 3), i + 3) });
    }
    expect(fast.yaml === reference.yaml).toBe(true);
  });

  it.each(cases)('%s: counts its documents without building them', (_case, planOf) => {
    const result = target.fast(planOf());
    expect(result.documents).toBe(result.objects.length);
    expect(result.objects).toBe(result.objects); // built once, then kept
  });
});
