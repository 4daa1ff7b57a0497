import { describe, expect, it } from 'vitest';
import { exportArgo } from '../../shared/compiler/exporters/argo.js';
import { DEFAULT_IMAGE } from '../../shared/compiler/exporters/container.js';
import { fixturePlan, fixtures } from './testing/fixtures.js';
import { expectGolden, parseYamlDocs } from './testing/golden.js';
import { envEntries } from './testing/inspect.js';
import { validateArgoWorkflow } from './testing/reference.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test inspection of plain data

function exported(name: string) {
  const plan = fixturePlan(name);
  const result = exportArgo(plan);
  return { plan, result, wf: result.objects[0] as Json };
}
const template = (wf: Json, name: string): Json => wf.spec.templates.find((t: Json) => t.name === name);
const task = (wf: Json, name: string): Json => wf.spec.templates[0].dag.tasks.find((t: Json) => t.name === name);

describe.each(Object.keys(fixtures))('Argo export of %s', (name) => {
  it('matches its golden file and reads back as the same objects', () => {
    const { result } = exported(name);
    expectGolden(`${name}.argo.yaml`, result.yaml);
    expect(parseYamlDocs(result.yaml)).toEqual(result.objects);
  });

  it('is a valid Workflow for kubernetes-models and the published Argo schema (open and closed)', () => {
    const { result } = exported(name);
    expect(result.objects).toHaveLength(1);
    expect(validateArgoWorkflow(result.objects[0])).toEqual([]);
  });

  it('has one DAG task per node, with the plan\'s dependencies, each calling its own template', () => {
    const { plan, wf } = exported(name);
    const entry = wf.spec.templates.find((t: Json) => t.name === wf.spec.entrypoint);
    expect(entry.dag.tasks.map((t: Json) => t.name)).toEqual(plan.nodes.map((n) => n.id));
    for (const node of plan.nodes) {
      const t = task(wf, node.id);
      expect(t.dependencies ?? []).toEqual(node.dependsOn);
      expect(template(wf, t.template).container.image).toBe(node.image ?? DEFAULT_IMAGE);
    }
    expect(wf.spec.templates).toHaveLength(plan.nodes.length + 1);
  });
});

describe('Argo export: churn in detail', () => {
  const { plan, result, wf } = exported('churn');

  it('names and labels the workflow after the pipeline', () => {
    expect(wf.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(wf.kind).toBe('Workflow');
    expect(wf.metadata.generateName).toBe('churn-');
    expect(wf.metadata.labels).toEqual({ team: 'growth', 'pipewright.dev/pipeline': 'churn' });
    expect(wf.metadata.annotations['workflows.argoproj.io/description']).toBe(plan.description);
  });

  it('wires pipeline params as workflow parameters and into template inputs', () => {
    expect(wf.spec.arguments.parameters).toEqual([
      { name: 'dataset_url', value: 's3://data/churn.csv', description: 'Where the table lives.' },
      { name: 'lr', value: '0.05' },
      { name: 'min_accuracy', value: '0.8' },
    ]);
    expect(task(wf, 'train').arguments.parameters).toEqual([
      { name: 'lr', value: '{{workflow.parameters.lr}}' },
      { name: 'hyperparameters', value: '{"max_depth":8}' },
    ]);
    const train = template(wf, 'train');
    expect(train.inputs.parameters).toEqual([{ name: 'lr' }, { name: 'hyperparameters' }]);
    // The unset optional input `notes` drops out together with its flag.
    expect(train.container.command).toEqual([
      'python3', '-m', 'train', '--data', '/pipewright/inputs/data', '--lr={{inputs.parameters.lr}}',
      '--hp', '{{inputs.parameters.hyperparameters}}', '--model', '/pipewright/outputs/model', '--metrics', '/pipewright/outputs/metrics',
    ]);
  });

  it('passes artifacts between tasks with from: and fixed paths', () => {
    expect(template(wf, 'load').outputs.artifacts).toEqual([{ name: 'table', path: '/pipewright/outputs/table' }]);
    expect(task(wf, 'evaluate').arguments.artifacts).toEqual([
      { name: 'model', from: '{{tasks.train.outputs.artifacts.model}}' },
      { name: 'table', from: '{{tasks.load.outputs.artifacts.table}}' },
    ]);
    expect(template(wf, 'evaluate').inputs.artifacts).toEqual([
      { name: 'model', path: '/pipewright/inputs/model' },
      { name: 'table', path: '/pipewright/inputs/table' },
    ]);
  });

  it('passes run-time values as output parameters read from files', () => {
    expect(template(wf, 'evaluate').outputs.parameters).toEqual([{ name: 'accuracy', valueFrom: { path: '/pipewright/outputs/accuracy' } }]);
    expect(task(wf, 'deploy').arguments.parameters).toContainEqual({ name: 'accuracy', value: '{{tasks.evaluate.outputs.parameters.accuracy}}' });
    expect(template(wf, 'deploy').container.command).toContain('{{inputs.parameters.accuracy}}');
  });

  it('sets GPU limits, resources and a memory-backed /dev/shm', () => {
    const train = template(wf, 'train');
    expect(train.container.resources).toEqual({
      requests: { cpu: '4', memory: '16Gi' },
      limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
    });
    expect(train.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
    expect(train.container.volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
    expect(template(wf, 'load').volumes.some((v: Json) => v.name === 'dshm')).toBe(false);
  });

  it('maps retries and timeouts, quoting IntOrString values', () => {
    expect(template(wf, 'train').retryStrategy).toEqual({
      limit: '3', retryPolicy: 'Always', backoff: { duration: '10s', factor: '2', cap: '300s' },
    });
    expect(template(wf, 'train').activeDeadlineSeconds).toBe('7200');
    expect(template(wf, 'profile').retryStrategy).toBeUndefined();
    expect(template(wf, 'profile').activeDeadlineSeconds).toBeUndefined();
    expect(result.warnings).toContain('Node \'train\': Argo\'s back-off factor is a whole number, so 1.5 becomes 2.');
  });

  it('exports secrets only as secretKeyRef', () => {
    const secrets = envEntries(wf).filter((e) => e.valueFrom);
    expect(secrets).toEqual([
      { name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { name: 'wandb', key: 'api-key' } } },
      { name: 'REGISTRY_TOKEN', valueFrom: { secretKeyRef: { name: 'registry', key: 'token' } } },
    ]);
    expect(envEntries(wf).filter((e) => e.value !== undefined).map((e) => e.name)).toEqual(['PYTHONUNBUFFERED', 'MODE']);
  });

  it('falls back to the default image with a warning, and escapes $ for Kubernetes', () => {
    const profile = template(wf, 'profile');
    expect(profile.container.image).toBe(DEFAULT_IMAGE);
    expect(result.warnings.some((w) => w.startsWith('Node \'profile\' names no image'))).toBe(true);
    expect(profile.container.command).toContain('--title=cost $$(USD)');
  });

  it('says that caching is not exported, naming the nodes that asked for it', () => {
    expect(result.warnings).toContain('Argo has no step cache like Pipewright\'s, so profile, train, evaluate, deploy run every time (cache: true is not exported).');
  });
});

describe('Argo export: edge cases', () => {
  it('keeps names within Kubernetes limits and avoids a node called main', () => {
    const { wf } = exported('long-names');
    expect(wf.metadata.generateName.length).toBeLessThanOrEqual(58);
    expect(wf.metadata.generateName).toMatch(/^[a-z0-9-]+-$/);
    expect(wf.spec.entrypoint).toBe('main-dag');
    for (const t of wf.spec.templates) expect(t.name.length).toBeLessThanOrEqual(63);
  });

  it('leaves out what a minimal pipeline does not use', () => {
    const { wf, result } = exported('minimal');
    expect(wf.spec.arguments).toBeUndefined();
    const hello = template(wf, 'hello');
    expect(Object.keys(hello).sort()).toEqual(['container', 'metadata', 'name']);
    expect(result.warnings).toEqual([`Node 'hello' names no image, so it runs in ${DEFAULT_IMAGE}; set one if the node needs more than that.`]);
  });

  it('warns about literal text Argo would read as a template expression', () => {
    const plan = fixturePlan('minimal');
    plan.nodes[0]!.command = ['echo', '{{ not ours }}'];
    expect(exportArgo(plan).warnings.some((w) => w.includes('holds \'{{\''))).toBe(true);
  });
});
