/** Importing KFP v2 IR: KFP's own compiled examples, and the constructs they do not show. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { importPipeline } from '../../shared/compiler/import/index.js';
import { expectImported, notesAbout, referenceFiles, referenceText } from './helpers.js';

const importRef = (file: string) => importPipeline(referenceText('kfp-ir-examples', file), file);

describe('importing KFP-compiled examples', () => {
  it.each(referenceFiles('kfp-ir-examples'))('%s imports to a valid, compilable spec', (file) => {
    const { spec } = expectImported(importRef(file));
    expect(spec.nodes.length).toBeGreaterThan(0);
  });

  it('producer_consumer_param_pipeline: wiring, params and placeholders, with nothing left out', () => {
    const r = importRef('producer_consumer_param_pipeline.yaml');
    const { spec, plan } = expectImported(r);
    expect(r.notImported).toEqual([]);
    expect(spec.metadata).toEqual({ name: 'producer-consumer-param-pipeline' });
    expect(spec.params).toEqual({ text: { type: 'string', default: 'Hello world' } });
    expect(spec.nodes.map((n) => n.id)).toEqual(['producer', 'consumer']);
    const [producer, consumer] = spec.nodes;
    expect(producer!.inputs).toEqual({ input_text: { param: 'text' } });
    expect(producer!.outputs).toEqual({ output_value: { type: 'string' } });
    expect(producer!.container!.command!.slice(-2)).toEqual(['{{inputs.input_text}}', '{{outputs.output_value}}']);
    expect(producer!.container!.image).toBe('registry.access.redhat.com/ubi9/python-311:latest');
    expect(consumer!.inputs).toEqual({ input_value: { from: 'producer.output_value' } });
    expect(plan.nodes[1]!.dependsOn).toEqual(['producer']);
  });

  it('pipeline_with_after: says that ordering without data was not imported', () => {
    const r = importRef('pipeline_with_after.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => [n.id, n.inputs])).toEqual([
      ['print-text', { text: '1st task' }], ['print-text-2', { text: '2nd task' }], ['print-text-3', { text: '3rd task' }],
    ]);
    expect(notesAbout(r, 'print-text-2')).toEqual([expect.stringMatching(/runs after 'print-text' without reading their data.*no ordering-only edge/)]);
    expect(notesAbout(r, 'print-text-3')).toEqual([expect.stringMatching(/runs after 'print-text', 'print-text-2'/)]);
  });

  it('pipeline_with_loops: every parallelFor is listed, the rest comes across', () => {
    const r = importRef('pipeline_with_loops.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => n.id)).toEqual(['args-generator-op']);
    expect(spec.params).toEqual({ loop_parameter: { type: 'json', default: ['a', 'b'] } });
    for (const loop of ['for-loop-1', 'for-loop-2', 'for-loop-4']) {
      expect(notesAbout(r, loop)).toEqual([expect.stringMatching(/a loop \(parallelFor over .*\) \(tasks inside: .*print-.*\) was not imported/)]);
    }
    // KFP's lightweight Python components hand their program the executor input JSON, which has no equivalent.
    expect(notesAbout(r, 'args-generator-op')).toEqual([expect.stringMatching(/"--executor_input \{\{\$\}\}".*left out/)]);
    expect(spec.nodes[0]!.container!.args).toEqual(['--function_to_execute', 'args_generator_op']);
    expect(spec.nodes[0]!.outputs).toEqual({ Output: { type: 'json' } });
  });

  it('flip_coin: conditions are listed with the tasks inside them', () => {
    const r = importRef('flip_coin.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => n.id)).toEqual(['flip-coin']);
    expect(spec.nodes[0]!.cache).toBe(false); // `cachingOptions: {}` is enableCache false
    expect(notesAbout(r, 'condition-1')).toEqual([expect.stringMatching(/a condition \(dsl\.If .*'heads'.*\) \(tasks inside: .*condition-2\/print-msg.*random-num\) was not imported/)]);
    expect(notesAbout(r, 'condition-4')).toEqual([expect.stringMatching(/a condition .*'tails'.*random-num-2/)]);
  });

  it('artifacts_simple: a consumer of a skipped loop keeps its node but not that input', () => {
    const r = importRef('artifacts_simple.yaml');
    const { spec } = expectImported(r);
    expect(spec.nodes.map((n) => n.id)).toEqual(['add', 'add-container']);
    expect(spec.nodes.every((n) => n.inputs === undefined)).toBe(true);
    expect(notesAbout(r, 'for-loop-2')).toEqual(expect.arrayContaining([expect.stringMatching(/^task 'for-loop-2': a loop \(parallelFor over \[1, 2, 3\]\) \(tasks inside: double\)/)]));
    expect(r.notImported).toContainEqual(expect.stringMatching(/^task 'add': input 'in_datasets' reads .* of task 'for-loop-2', which was not imported/));
    expect(r.notImported).toContainEqual(expect.stringMatching(/^pipeline outputs \('Output'\)/));
    expect(r.notImported).toContainEqual(expect.stringMatching(/'add-container'.*artifact URI.*local path/));
    expect(spec.nodes[1]!.container!.args!.at(-1)).toBe('{{outputs.out_dataset}}');
    // A data edge from a skipped producer is not reported a second time as ordering.
    expect(r.notImported.filter((n) => n.includes('ordering-only'))).toEqual([]);
  });
});

/** A hand-written IR with the constructs KFP's examples above do not show. */
const handMade = {
  pipelineInfo: { name: 'Hand_Made pipeline' },
  schemaVersion: '2.1.0', sdkVersion: 'kfp-2.14.0',
  components: {
    'comp-train': {
      executorLabel: 'exec-train',
      inputDefinitions: {
        parameters: { 'learning-rate': { parameterType: 'NUMBER_DOUBLE' }, verbose: { parameterType: 'BOOLEAN', isOptional: true }, seed: { parameterType: 'NUMBER_INTEGER', defaultValue: 7 } },
        artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
      },
      outputDefinitions: { artifacts: { model: { artifactType: { schemaTitle: 'google.VertexModel', schemaVersion: '0.0.1' } } } },
    },
    'comp-importer': { executorLabel: 'exec-importer', outputDefinitions: { artifacts: { artifact: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } } } },
    'comp-notify': { executorLabel: 'exec-notify', inputDefinitions: { parameters: { status: { parameterType: 'TASK_FINAL_STATUS' } } } },
    'comp-exit-handler-1': { dag: { tasks: { train: { componentRef: { name: 'comp-train' }, taskInfo: { name: 'train' } } } } },
  },
  deploymentSpec: {
    executors: {
      'exec-train': {
        container: {
          image: 'trainer:1',
          command: ['python', '-m', 'train'],
          args: [
            '--lr', "{{$.inputs.parameters['learning-rate']}}",
            '{"IfPresent": {"InputName": "verbose", "Then": ["--verbose", "{{$.inputs.parameters[\'verbose\']}}"]}}',
            '{"Concat": ["--data=", "{{$.inputs.artifacts[\'data\'].path}}"]}',
            '--seed', "{{$.inputs.parameters['seed']}}",
            '--out', "{{$.outputs.artifacts['model'].path}}",
            '--meta', "{{$.outputs.artifacts['model'].metadata}}",
          ],
          env: [{ name: 'MODE', value: 'fast' }],
          resources: { cpuLimit: 4.0, memoryLimit: 15.032385536, accelerator: { type: 'tpu-v3', count: '2' } },
        },
      },
      'exec-importer': { importer: { artifactUri: { constant: 'gs://bucket/data.csv' }, typeSchema: { schemaTitle: 'system.Dataset' } } },
      'exec-notify': { container: { image: 'alpine', command: ['echo', "{{$.inputs.parameters['status']}}"] } },
    },
  },
  root: {
    inputDefinitions: {
      parameters: { 'learning-rate': { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.1, description: 'Step size.' } },
      artifacts: { raw: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
    },
    dag: {
      tasks: {
        importer: { componentRef: { name: 'comp-importer' }, taskInfo: { name: 'importer' } },
        'Train Step': {
          componentRef: { name: 'comp-train' }, taskInfo: { name: 'Train the model' }, dependentTasks: ['importer'],
          cachingOptions: { enableCache: true },
          inputs: {
            parameters: { 'learning-rate': { componentInputParameter: 'learning-rate' } },
            artifacts: { data: { taskOutputArtifact: { producerTask: 'importer', outputArtifactKey: 'artifact' } } },
          },
          retryPolicy: { maxRetryCount: 3, backoffDuration: '0s', backoffFactor: 2.0, backoffMaxDuration: '3600s' },
        },
        'exit-handler-1': { componentRef: { name: 'comp-exit-handler-1' }, taskInfo: { name: 'exit-handler-1' } },
        notify: {
          componentRef: { name: 'comp-notify' }, taskInfo: { name: 'notify' }, dependentTasks: ['exit-handler-1'],
          triggerPolicy: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' },
          inputs: { parameters: { status: { taskFinalStatus: { producerTask: 'exit-handler-1' } } } },
        },
      },
    },
  },
};
const platform = {
  platforms: {
    kubernetes: {
      deploymentSpec: {
        executors: {
          'exec-train': {
            secretAsEnv: [
              { secretNameParameter: { runtimeValue: { constant: 'creds' } }, keyToEnv: [{ secretKey: 'token', envVar: 'TOKEN' }] },
              { secretNameParameter: { componentInputParameter: 'secret_name' }, keyToEnv: [{ secretKey: 'k', envVar: 'OTHER' }] },
            ],
            activeDeadlineSeconds: '120',
            enabledSharedMemory: { volumeName: 'shm', size: '2Gi' },
            nodeSelector: { labels: { pool: 'gpu' } },
          },
        },
      },
    },
  },
};

describe('importing other KFP constructs', () => {
  const r = importPipeline(`${stringify(handMade)}---\n${stringify(platform)}`, 'hand.yaml');
  const { spec } = expectImported(r);
  const train = spec.nodes.find((n) => n.id === 'train-step')!;

  it('sanitises names and keeps display names', () => {
    expect(spec.metadata.name).toBe('hand-made-pipeline');
    expect(spec.nodes.map((n) => n.id)).toEqual(['train-step', 'notify']);
    expect(train.name).toBe('Train the model');
    expect(train.kind).toBe('train');
    expect(spec.params).toEqual({ learning_rate: { type: 'number', default: 0.1, description: 'Step size.' } });
    expect(train.inputs).toEqual({ learning_rate: { param: 'learning_rate' }, seed: 7 });
  });

  it('resolves IfPresent and Concat against the wiring and drops what cannot be translated', () => {
    expect(train.container!.args).toEqual(['--lr', '{{inputs.learning_rate}}', '--data={{inputs.data}}', '--seed', '{{inputs.seed}}', '--out', '{{outputs.model}}']);
    expect(r.notImported).toContainEqual(expect.stringMatching(/'Train Step'.*"--meta \{\{\$\.outputs\.artifacts\['model'\]\.metadata\}\}".*left out/));
  });

  it('maps resources, retries, env and the platform settings', () => {
    expect(train.resources).toEqual({ cpu: 4, memory: '15032385536', gpu: 2, shm: '2Gi' });
    expect(train.retries).toEqual({ count: 3, backoff: { initial: 0, factor: 2, max: 3600 } });
    expect(train.container!.env).toEqual({ MODE: 'fast', TOKEN: { secret: 'creds', key: 'token' } });
    expect(train.timeout).toBe(120);
    expect(train.cache).toBeUndefined();
    expect(train.outputs).toEqual({ model: { type: 'file' } });
  });

  it('lists every construct it skipped, by name', () => {
    const expected = [
      /^pipeline input artifacts 'raw'/,
      /^task 'importer': an importer node \(dsl\.importer of "gs:\/\/bucket\/data\.csv"\) was not imported/,
      /^task 'exit-handler-1': an exit handler \(tasks inside: train\)/,
      /^task 'Train Step': input 'data' reads 'artifact' of task 'importer', which was not imported/,
      /^task 'Train Step': output 'model': artifact type 'google\.VertexModel' was imported as a plain file/,
      /^task 'Train Step': accelerator 'tpu-v3' was imported as 2 NVIDIA GPU/,
      /^task 'Train Step': a secret whose name is chosen at run time/,
      /^task 'Train Step': Kubernetes settings 'nodeSelector' were not imported/,
      /^task 'notify': input 'status' receives the final status of task 'exit-handler-1'/,
      /^task 'notify': trigger strategy ALL_UPSTREAM_TASKS_COMPLETED/,
    ];
    for (const e of expected) expect(r.notImported).toContainEqual(expect.stringMatching(e));
    expect(r.notImported).toHaveLength(expected.length + 1); // plus the dropped --meta argument
  });

  it('reads a PipelineJob that wraps the IR', () => {
    const job = JSON.stringify({ displayName: 'run', pipelineSpec: handMade, runtimeConfig: {} });
    expect(importPipeline(job).spec?.nodes.map((n) => n.id)).toEqual(['train-step', 'notify']);
  });
});
