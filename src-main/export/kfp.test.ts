/**
 * KFP v2 IR export: golden files of the shared exporter fixtures and the KFP ones, the exact wiring and
 * placeholders, warnings for what KFP cannot express, and the structural rules, which are themselves
 * checked against KFP's own compiled files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKfpIr } from '../../shared/compiler/exporters/kfp-check.js';
import { exportKfp } from '../../shared/compiler/exporters/kfp.js';
import { compilePlan, type Plan } from '../../shared/compiler/plan.js';
import { kfpFixtures, kfpLibrary } from './kfp.fixtures.js';
import { fixturePlan, fixtures } from './testing/fixtures.js';
import { expectGolden, parseYamlDocs } from './testing/golden.js';
import { referenceDir } from './testing/reference.js';

const kfpReferenceDir = path.join(referenceDir, 'kfp-ir-examples');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- inspecting plain data

const docsOf = (text: string) => parseYamlDocs(text) as Json[];
/** Every fixture plan by name: the ones all exporters share, then the KFP ones. */
const plans: Record<string, () => Plan> = {
  ...Object.fromEntries(Object.keys(fixtures).map((name) => [name, () => fixturePlan(name)])),
  ...Object.fromEntries(Object.entries(kfpFixtures).map(([name, spec]) => [name, () => compilePlan(structuredClone(spec), kfpLibrary)])),
};
const exportOf = (name: string) => exportKfp(plans[name]!());

/** Paths of objects whose keys are out of sorted order; user values (constant, defaultValue) keep their own. */
function unsortedKeys(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unsortedKeys(v, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  const own = keys.join() === [...keys].sort().join() ? [] : [at];
  return [...own, ...keys.filter((k) => k !== 'constant' && k !== 'defaultValue')
    .flatMap((k) => unsortedKeys((value as Json)[k], `${at}.${k}`))];
}

describe('exportKfp', () => {
  it.each(Object.keys(plans))('%s matches its golden file and keeps the structural rules', (name) => {
    const result = exportOf(name);
    expectGolden(`${name}.kfp.yaml`, result.yaml);
    const docs = docsOf(result.yaml);
    expect(docs).toEqual(JSON.parse(JSON.stringify(result.objects)));
    expect(checkKfpIr(docs)).toEqual([]);
    // As the KFP SDK writes them; the exporter builds objects in this order rather than sorting afterwards.
    expect(unsortedKeys(result.objects)).toEqual([]);
  });

  it('writes components, executors and tasks the way the KFP SDK does', () => {
    const [spec] = exportOf('kfp-wiring').objects as Json[];
    expect(spec!.schemaVersion).toBe('2.1.0');
    expect(spec!.sdkVersion).toBe('pipewright-0.1.0');
    expect(spec!.pipelineInfo).toEqual({ name: 'kfp-wiring', description: 'Train and gate a churn model.' });
    expect(Object.keys(spec!.root.dag.tasks)).toEqual(['evaluate', 'gate', 'load', 'train']);
    expect(spec!.components['comp-train']).toEqual({
      executorLabel: 'exec-train',
      inputDefinitions: {
        artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
        parameters: {
          epochs: { parameterType: 'NUMBER_INTEGER' }, hyperparameters: { parameterType: 'STRUCT' }, lr: { parameterType: 'NUMBER_DOUBLE' },
        },
      },
      outputDefinitions: {
        artifacts: {
          metrics: { artifactType: { schemaTitle: 'system.Metrics', schemaVersion: '0.0.1' } },
          model: { artifactType: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' } },
        },
        parameters: { accuracy: { parameterType: 'NUMBER_DOUBLE' } },
      },
    });
    const container = spec!.deploymentSpec.executors['exec-train'].container;
    // The unset optional --notes flag is gone, as it is in every other target.
    expect(container.command).toEqual([
      'python3', '-m', 'train', '--data', "{{$.inputs.artifacts['data'].path}}", "--lr={{$.inputs.parameters['lr']}}",
      '--epochs', "{{$.inputs.parameters['epochs']}}", '--hp', "{{$.inputs.parameters['hyperparameters']}}",
      '--model', "{{$.outputs.artifacts['model'].path}}", '--metrics', "{{$.outputs.artifacts['metrics'].path}}",
      '--accuracy', "{{$.outputs.parameters['accuracy'].output_file}}",
    ]);
    expect(container.image).toBe('ghcr.io/acme/train:2.1');
    expect(container.env).toEqual([{ name: 'PYTHONUNBUFFERED', value: '1' }, { name: 'MODE', value: 'fast' }]);
    expect(container.resources).toEqual({
      accelerator: { count: '1', resourceCount: '1', resourceType: 'nvidia.com/gpu', type: 'nvidia.com/gpu' },
      cpuLimit: 2, cpuRequest: 2, memoryLimit: 4.294967296, memoryRequest: 4.294967296,
      resourceCpuLimit: '2', resourceCpuRequest: '2', resourceMemoryLimit: '4Gi', resourceMemoryRequest: '4Gi',
    });
    expect(spec!.root.dag.tasks.train).toEqual({
      cachingOptions: { enableCache: true },
      componentRef: { name: 'comp-train' },
      dependentTasks: ['load'],
      inputs: {
        artifacts: { data: { taskOutputArtifact: { outputArtifactKey: 'table', producerTask: 'load' } } },
        parameters: {
          epochs: { componentInputParameter: 'epochs' },
          hyperparameters: { runtimeValue: { constant: { depth: 3, loss: 'log' } } },
          lr: { componentInputParameter: 'lr' },
        },
      },
      retryPolicy: { backoffDuration: '5s', backoffFactor: 3, backoffMaxDuration: '3600s', maxRetryCount: 3 },
      taskInfo: { name: 'train' },
    });
    expect(spec!.root.dag.tasks.load.cachingOptions).toEqual({});
    expect(spec!.root.dag.tasks.gate.dependentTasks).toEqual(['evaluate', 'train']);
    expect(spec!.root.dag.tasks.gate.inputs.parameters.passed).toEqual({ taskOutputParameter: { outputParameterKey: 'passed', producerTask: 'evaluate' } });
    expect(spec!.root.dag.tasks.evaluate.inputs.parameters.threshold).toEqual({ runtimeValue: { constant: 0.8 } });
    expect(spec!.root.inputDefinitions.parameters).toEqual({
      dataset_url: { defaultValue: 's3://data/churn.csv', description: 'Where the table lives.', isOptional: true, parameterType: 'STRING' },
      epochs: { defaultValue: 10, isOptional: true, parameterType: 'NUMBER_INTEGER' },
      lr: { defaultValue: 0.05, isOptional: true, parameterType: 'NUMBER_DOUBLE' },
      strict: { defaultValue: true, isOptional: true, parameterType: 'BOOLEAN' },
      tags: { defaultValue: ['churn', 'weekly'], isOptional: true, parameterType: 'LIST' },
    });
  });

  it('puts secrets, timeouts and shared memory in the kubernetes platform document, secrets only by name', () => {
    const result = exportOf('kfp-wiring');
    expect(result.objects).toHaveLength(2);
    const executors = (result.objects[1] as Json).platforms.kubernetes.deploymentSpec.executors;
    expect(executors['exec-train']).toEqual({
      emptyDirMounts: [{ medium: 'Memory', mountPath: '/dev/shm', sizeLimit: '1Gi', volumeName: 'dshm' }],
      secretAsEnv: [{
        keyToEnv: [{ envVar: 'WANDB_API_KEY', secretKey: 'api-key' }], optional: false,
        secretName: 'wandb', secretNameParameter: { runtimeValue: { constant: 'wandb' } },
      }],
    });
    expect(executors['exec-load']).toEqual({ activeDeadlineSeconds: 600 });
    expect(executors['exec-gate'].activeDeadlineSeconds).toBe(90);
    const containerEnv = Object.values((result.objects[0] as Json).deploymentSpec.executors).flatMap((e) => (e as Json).container.env ?? []);
    expect(containerEnv.map((e: Json) => e.name)).not.toContain('WANDB_API_KEY');
    expect(containerEnv.map((e: Json) => e.name)).not.toContain('TOKEN');
  });

  it('warns about everything KFP cannot carry instead of dropping it', () => {
    const { warnings } = exportOf('kfp-wiring');
    const all = warnings.join('\n');
    const platform = warnings.find((w) => w.includes('Kubernetes platform section'));
    for (const part of ["timeout of 'load'", "secrets as env for 'train'", "shared memory of 'train'", "secrets as env for 'gate'", "timeout of 'gate'", 'Vertex AI Pipelines ignores']) {
      expect(platform).toContain(part);
    }
    expect(all).toMatch(/labels \(team\)/);
    expect(all).toMatch(/Display names of 'train'/);
    expect(all).toMatch(/'train'.*caps the retry back-off at 1h.*7200s/);
    expect(all).toMatch(/'gate'.*no working directory.*'\/work'/);
    expect(all).toMatch(/'train'.*nvidia\.com\/gpu.*Vertex AI/);
    expect(exportOf('kfp-optional-inputs').warnings).toEqual([]);
    expect(exportOf('kfp-optional-inputs').objects).toHaveLength(1);
  });

  it('runs a node without image in the default image, and warns, as the other exporters do', () => {
    const result = exportOf('minimal');
    expect(result.warnings).toEqual([expect.stringMatching(/'hello' names no image, so it runs in pipewright\/runtime:1/)]);
    expect((result.objects[0] as Json).deploymentSpec.executors['exec-hello'].container.image).toBe('pipewright/runtime:1');
    expect((result.objects[0] as Json).root.dag.tasks.hello.cachingOptions).toEqual({});
  });

  it('declares a json output STRUCT and says so, since KFP must tell objects from lists', () => {
    const plan = compilePlan({
      apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'json-out' },
      nodes: [{ id: 'grid', kind: 'custom', container: { image: 'busybox', command: ['echo', '{{outputs.points}}'] }, outputs: { points: { type: 'json' } } }],
    }, kfpLibrary);
    const result = exportKfp(plan);
    expect((result.objects[0] as Json).components['comp-grid'].outputDefinitions.parameters.points).toEqual({ parameterType: 'STRUCT' });
    expect(result.warnings).toEqual([expect.stringMatching(/'grid'.*'points' is declared STRUCT/)]);
  });

  it('passes Kubernetes-style $(VAR) text through untouched, as the KFP SDK does', () => {
    const command = (exportOf('churn').objects[0] as Json).deploymentSpec.executors['exec-profile'].container.command;
    expect(command).toContain('--title=cost $(USD)');
  });
});

describe('checkKfpIr', () => {
  const files = existsSync(kfpReferenceDir) ? readdirSync(kfpReferenceDir).filter((f) => f.endsWith('.yaml')).sort() : [];

  it('found the reference IR files', () => {
    expect(files.length, `KFP reference files belong in ${kfpReferenceDir}`).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('holds for KFP-compiled %s', (file) => {
    expect(checkKfpIr(docsOf(readFileSync(path.join(kfpReferenceDir, file), 'utf8')))).toEqual([]);
  });

  const breakages: [string, (docs: Json[]) => void, RegExp][] = [
    ['a componentRef', (d) => { d[0]!.root.dag.tasks.train.componentRef.name = 'comp-nope'; }, /task 'train': componentRef 'comp-nope' names no component/],
    ['an executorLabel', (d) => { d[0]!.components['comp-load'].executorLabel = 'exec-gone'; }, /'comp-load': executorLabel 'exec-gone' names no executor/],
    ['a dependentTask', (d) => { d[0]!.root.dag.tasks.gate.dependentTasks.push('ghost'); }, /dependentTask 'ghost' is not a task/],
    ['a producerTask', (d) => { d[0]!.root.dag.tasks.train.inputs.artifacts.data.taskOutputArtifact.producerTask = 'ghost'; }, /reads from 'ghost', which is not a task/],
    ['an output key', (d) => { d[0]!.root.dag.tasks.gate.inputs.parameters.passed.taskOutputParameter.outputParameterKey = 'failed'; }, /output parameter 'failed', which task 'evaluate' does not declare/],
    ['an output kind', (d) => { d[0]!.root.dag.tasks.train.inputs.artifacts.data.taskOutputArtifact.outputArtifactKey = 'accuracy'; }, /output artifact 'accuracy'/],
    ['a wired input', (d) => { delete d[0]!.root.dag.tasks.train.inputs.parameters.lr; }, /required input 'lr' of 'comp-train' is not wired/],
    ['a pipeline param', (d) => { delete d[0]!.root.inputDefinitions.parameters.lr; }, /reads parent parameter 'lr', which is not declared/],
    ['a placeholder', (d) => { d[0]!.deploymentSpec.executors['exec-load'].container.command.push("{{$.inputs.parameters['nope']}}"); }, /placeholder .*'nope'.* undeclared input parameter/],
    ['the schema version', (d) => { d[0]!.schemaVersion = '2.0.0'; }, /schemaVersion is "2.0.0"/],
    ['a platform executor', (d) => { d[1]!.platforms.kubernetes.deploymentSpec.executors['exec-ghost'] = {}; }, /unknown executor 'exec-ghost'/],
  ];
  it.each(breakages)('catches a broken %s', (_what, breakIt, message) => {
    const docs = docsOf(exportOf('kfp-wiring').yaml);
    expect(checkKfpIr(docs)).toEqual([]);
    breakIt(docs);
    expect(checkKfpIr(docs)).toEqual([expect.stringMatching(message)]);
  });

  it('catches a broken reference in KFP-compiled output too', () => {
    const docs = docsOf(readFileSync(path.join(kfpReferenceDir, 'producer_consumer_param_pipeline.yaml'), 'utf8'));
    docs[0]!.root.dag.tasks.consumer.inputs.parameters.input_value.taskOutputParameter.producerTask = 'producr';
    docs[0]!.root.dag.tasks.consumer.dependentTasks = ['producr'];
    expect(checkKfpIr(docs)).toEqual([
      expect.stringMatching(/dependentTask 'producr'/),
      expect.stringMatching(/reads from 'producr', which is not a task/),
    ]);
  });
});
