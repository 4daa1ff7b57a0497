/** `compile`, `export`, `import` and `schema`: the plan, the three export targets, the KFP/Argo round trip, the JSON Schema. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { cli, EXAMPLES, json, tempDir } from './testing/cli-harness.js';

const CHURN = 'resources/examples/churn.yaml';
const CHURN_ORDER = ['load', 'validate', 'features', 'train', 'evaluate', 'deploy', 'load-current', 'drift'];
let tmp: ReturnType<typeof tempDir>;

beforeAll(() => { tmp = tempDir('pw-cli-export-'); });
afterAll(() => tmp.cleanup());

/** Every YAML document in a text, failing on any parse error. */
function docs(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Record<string, unknown>;
  }).filter((d) => d !== null);
}

describe('pipewright compile', () => {
  it('prints the churn plan: every node in an order that respects the wiring, with its component and dependencies', async () => {
    const r = await cli(['compile', CHURN]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pipeline churn: 8 nodes');
    const rows = r.out.split('\n').filter((l) => /^\d+\s{2}/.test(l)).map((l) => l.split(/\s{2,}/));
    expect(rows.map((c) => c[1])).toEqual(CHURN_ORDER);
    expect(rows.map((c) => c[0])).toEqual(CHURN_ORDER.map((_, i) => String(i + 1)));
    const row = (id: string) => rows.find((c) => c[1] === id)!;
    expect(row('load').slice(2, 4)).toEqual(['load-table@1.0.0', '-']);
    expect(row('evaluate').slice(2, 4)).toEqual(['evaluate-classifier@1.0.0', 'train,features']);
    expect(row('drift').slice(2, 4)).toEqual(['drift-check@2.0.0', 'load,load-current']);
    for (const c of rows) expect(c.slice(4, 6)).toEqual(['pipewright/runtime:1', 'on']);
    // Every dependency comes before the node that waits for it.
    for (const [i, c] of rows.entries()) for (const dep of c[3] === '-' ? [] : c[3]!.split(',')) expect(CHURN_ORDER.indexOf(dep)).toBeLessThan(i);
    // One resolved command per node.
    expect(r.out).toMatch(/^train: python3 -m pipewright_components\.train_sklearn --dataset \/pipewright\/inputs\/dataset --target churned .* --seed 42 /m);
    expect(r.out).toMatch(/^deploy: .* --passed <evaluate\.passed> /m);
    expect(r.out).toContain('seed=42');
  });

  it('--param overrides a param: it shows in the params line and in the resolved commands', async () => {
    const r = await cli(['compile', CHURN, '--param', 'seed=7', '--param', 'estimator=random_forest']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Params: .*estimator=random_forest.*seed=7/m);
    expect(r.out).toMatch(/^train: .*--estimator random_forest .*--seed 7 /m);
    expect(r.out).toMatch(/^features: .*--seed 7 /m);
    expect(r.out).not.toMatch(/--seed 42/);
  });

  it('an unknown --param exits 2 naming the params the pipeline has', async () => {
    const r = await cli(['compile', CHURN, '--param', 'sead=7']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("pipewright compile: unknown param 'sead' (the pipeline has: training_data, current_data, target, estimator, hyperparameters, seed, registry, model_name, min_improvement, canary_percent, namespace)");
    expect(r.err).toContain('Usage: pipewright compile FILE');
  });

  it('a value of the wrong type exits 2 naming the param, its type and the value', async () => {
    const r = await cli(['compile', CHURN, '--param', 'seed=abc']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^pipewright compile: param 'seed' is an integer; 'abc' is not$/m);
    const noEq = await cli(['compile', CHURN, '--param', 'seed']);
    expect(noEq.code).toBe(2);
    expect(noEq.err).toContain("--param takes name=value, got 'seed'");
  });

  it('an invalid spec exits 1 with its problems, and prints no plan', async () => {
    const r = await cli(['compile', 'shared/spec/fixtures/invalid/cycle.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('shared/spec/fixtures/invalid/cycle.yaml:15:18: error [node a]');
  });

  it('--json gives the plan with argv per node and the resolved params', async () => {
    const r = await cli(['compile', CHURN, '--json', '--param', 'seed=9']);
    expect(r.code).toBe(0);
    const plan = json<{ name: string; params: Record<string, { value: unknown }>; nodes: { id: string; dependsOn: string[]; cache: boolean; argv: string[] }[] }>(r.out);
    expect(plan.name).toBe('churn');
    expect(plan.params.seed!.value).toBe(9);
    expect(plan.nodes.map((n) => n.id)).toEqual(CHURN_ORDER);
    for (const n of plan.nodes) {
      expect(Array.isArray(n.argv)).toBe(true);
      // Python components run a module; drift-check runs Pipewright's own CLI (in the image too).
      expect(n.argv.slice(0, 2)).toEqual(n.id === 'drift' ? ['pipewright', 'drift'] : ['python3', '-m']);
      for (const a of n.argv) expect(typeof a).toBe('string');
    }
    const train = plan.nodes.find((n) => n.id === 'train')!;
    expect(train.dependsOn).toEqual(['features']);
    expect(train.argv).toEqual(expect.arrayContaining(['--seed', '9', '--hyperparameters', '{"n_estimators":200,"learning_rate":0.05,"max_depth":3}']));
    expect(train.argv[train.argv.indexOf('--seed') + 1]).toBe('9');
  });
});

describe('pipewright export', () => {
  const cases = EXAMPLES.flatMap((e) => (['argo', 'kfp', 'k8s'] as const).map((to) => [to, e.name, e.file] as const));

  it.each(cases)('--to %s %s to stdout: parseable YAML of the right kind, warnings only on stderr', async (to, name, file) => {
    const r = await cli(['export', '--to', to, file]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^warning:/m);
    const d = docs(r.out);
    if (to === 'argo') {
      expect(d).toHaveLength(1);
      expect(d[0]).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' });
      const spec = d[0]!.spec as { templates: { name: string }[] };
      expect(spec.templates.length).toBeGreaterThan(1);
      expect(r.err).toContain('warning: Argo has no step cache like Pipewright\'s');
    } else if (to === 'kfp') {
      const ir = d[0] as { pipelineInfo: { name: string }; schemaVersion: string; root: unknown; deploymentSpec: unknown };
      expect(ir.pipelineInfo.name).toBe(name === 'sweep' ? 'churn-sweep' : name);
      expect(ir.schemaVersion).toBe('2.1.0');
      expect(ir.root).toBeDefined();
      expect(ir.deploymentSpec).toBeDefined();
      // The GPU example carries a platform spec (timeouts, shared memory) as a second document.
      if (name === 'gpu-training') expect(d[1]).toHaveProperty('platforms');
      expect(r.err).toMatch(/^warning: /m);
    } else {
      const kinds = d.map((o) => o.kind);
      const jobs = d.filter((o) => o.kind === 'Job');
      expect(kinds).toContain('ConfigMap');
      expect(kinds).toContain('PersistentVolumeClaim');
      const nodes = parse(readFileSync(file, 'utf8')).nodes as { id: string }[];
      expect(jobs).toHaveLength(nodes.length);
      for (const j of jobs) expect(j).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job' });
      expect(r.err).toContain('warning: Kubernetes has no step cache like Pipewright\'s');
    }
  });

  it.each(['argo', 'kfp', 'k8s'])('--to %s -o OUT writes the file (same text as stdout) and says so on stderr', async (to) => {
    const out = join(tmp.dir, `churn.${to}.yaml`);
    const r = await cli(['export', '--to', to, CHURN, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^wrote ${out.replace(/[.]/g, '\\.')} \\(${to}, \\d+ objects?\\)$`, 'm'));
    const written = readFileSync(out, 'utf8');
    const stdout = await cli(['export', '--to', to, CHURN]);
    expect(written.trimEnd()).toBe(stdout.out.trimEnd());
    expect(docs(written).length).toBeGreaterThan(0);
  });

  it('--param is applied to the export', async () => {
    const r = await cli(['export', '--to', 'argo', CHURN, '--param', 'seed=1234']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1234');
    const bad = await cli(['export', '--to', 'argo', CHURN, '--param', 'nope=1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown param 'nope'");
  });

  it('--to nope (or no --to) exits 2 listing the targets', async () => {
    for (const args of [['--to', 'nope', CHURN], [CHURN]]) {
      const r = await cli(['export', ...args]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('pipewright export: --to must be one of argo, kfp, k8s');
      expect(r.err).toContain('Usage: pipewright export --to argo|kfp|k8s FILE [-o OUT]');
    }
  });

  it('an invalid spec is not exported: exit 1, nothing on stdout', async () => {
    const r = await cli(['export', '--to', 'kfp', 'shared/spec/fixtures/invalid/cycle.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('cycle.yaml:15:18: error');
  });
});

describe('pipewright import', () => {
  it.each(EXAMPLES.map((e) => [e.name, e.file]))('an exported KFP IR of %s round-trips to a spec that validate accepts', async (name, file) => {
    const ir = join(tmp.dir, `${name}.kfp.yaml`);
    const spec = join(tmp.dir, `${name}.imported.yaml`);
    expect((await cli(['export', '--to', 'kfp', file, '-o', ir])).code).toBe(0);
    const r = await cli(['import', ir, '-o', spec]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const original = parse(readFileSync(file, 'utf8')) as { metadata: { name: string }; nodes: { id: string }[]; params: Record<string, { type: string; default: unknown }> };
    expect(r.err).toContain(`wrote ${spec} (${original.nodes.length} nodes)`);
    const imported = parse(readFileSync(spec, 'utf8')) as typeof original;
    expect(imported.metadata.name).toBe(original.metadata.name);
    expect(imported.nodes.map((n) => n.id).sort()).toEqual(original.nodes.map((n) => n.id).sort());
    for (const [k, p] of Object.entries(original.params)) expect(imported.params[k]).toMatchObject({ type: p.type, default: p.default });
    const v = await cli(['validate', spec]);
    expect(v.code).toBe(0);
    expect(v.err).toContain(`${spec}: valid (0 errors`);
    // Components come back as inline containers that run the same commands, wired the same way.
    const plan = async (f: string) => {
      const c = await cli(['compile', f, '--json']);
      expect(c.code).toBe(0);
      const nodes = json<{ nodes: { id: string; argv: string[]; dependsOn: string[] }[] }>(c.out).nodes;
      return Object.fromEntries(nodes.map((n) => [n.id, { argv: n.argv, dependsOn: [...n.dependsOn].sort() }]));
    };
    expect(await plan(spec)).toEqual(await plan(file));
  });

  it('an exported Argo Workflow round-trips too, printed to stdout', async () => {
    const wf = join(tmp.dir, 'sweep.argo.yaml');
    expect((await cli(['export', '--to', 'argo', 'resources/examples/sweep.yaml', '-o', wf])).code).toBe(0);
    const r = await cli(['import', wf]);
    expect(r.code).toBe(0);
    const spec = parse(r.out) as { apiVersion: string; kind: string; nodes: unknown[] };
    expect(spec).toMatchObject({ apiVersion: 'pipewright.dev/v1', kind: 'Pipeline' });
    expect(spec.nodes).toHaveLength(6);
    const back = join(tmp.dir, 'sweep.from-argo.yaml');
    writeFileSync(back, r.out);
    expect((await cli(['validate', back])).code).toBe(0);
  });

  it('--json prints {spec, notImported, issues}', async () => {
    const ir = join(tmp.dir, 'sweep.kfp.json-case.yaml');
    await cli(['export', '--to', 'kfp', 'resources/examples/sweep.yaml', '-o', ir]);
    const r = await cli(['import', ir, '--json']);
    expect(r.code).toBe(0);
    const j = json<{ spec: { metadata: { name: string }; nodes: unknown[] }; notImported: string[]; issues: unknown[] }>(r.out);
    expect(Object.keys(j).sort()).toEqual(['issues', 'notImported', 'spec']);
    expect(j.spec.metadata.name).toBe('churn-sweep');
    expect(j.spec.nodes).toHaveLength(6);
    expect(Array.isArray(j.notImported)).toBe(true);
    expect(j.issues.filter((i) => (i as { severity: string }).severity === 'error')).toEqual([]);
  });

  it('garbage exits 1 and says what the file is not', async () => {
    const notYaml = join(tmp.dir, 'garbage.yaml');
    writeFileSync(notYaml, 'hello: [world\n');
    const r = await cli(['import', notYaml]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^${notYaml.replace(/[.]/g, '\\.')}:\\d+:\\d+: error: .*[Ff]low sequence`, 'm'));

    const other = join(tmp.dir, 'other.yaml');
    writeFileSync(other, 'just: a mapping\n');
    const o = await cli(['import', other]);
    expect(o.code).toBe(1);
    expect(o.err).toContain(`${other}: error: This is neither a Kubeflow Pipelines v2 IR (pipelineInfo, root, deploymentSpec) nor an Argo Workflow`);

    const binary = join(tmp.dir, 'random.bin');
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xc3, 0x28]));
    const b = await cli(['import', binary]);
    expect(b.code).toBe(1);
    expect(b.err).toContain('is not UTF-8 text');

    const j = await cli(['import', other, '--json']);
    expect(j.code).toBe(1);
    expect(json<{ issues: { severity: string; message: string }[] }>(j.out).issues[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('neither a Kubeflow') });
  });

  it('a missing file exits 1 naming it; no file exits 2', async () => {
    const r = await cli(['import', join(tmp.dir, 'missing.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(tmp.dir, 'missing.yaml')} does not exist`);
    const u = await cli(['import']);
    expect(u.code).toBe(2);
    expect(u.err).toContain('pipewright import: name one KFP IR or Argo Workflow file');
  });
});

describe('pipewright schema', () => {
  it('prints the pipeline JSON Schema', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const s = json<{ $id: string; $schema: string; title: string; properties: Record<string, unknown> }>(r.out);
    expect(s.$id).toMatch(/\/pipeline\.schema\.json$/);
    expect(s.$schema).toContain('json-schema.org');
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'params', 'nodes']));
    // The same text as the shipped file.
    expect(r.out.trimEnd()).toBe(readFileSync('resources/schema/pipeline.schema.json', 'utf8').trimEnd());
  });

  it('--component prints the component file schema', async () => {
    const r = await cli(['schema', '--component']);
    expect(r.code).toBe(0);
    const s = json<{ $id: string }>(r.out);
    expect(s.$id).toMatch(/\/component\.schema\.json$/);
    expect(s.$id).not.toMatch(/pipeline/);
  });
});
