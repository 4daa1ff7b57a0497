/**
 * Small pipelines the exporter tests build plans from, each covering a different corner: the full set of
 * node settings (churn), the emptiest export (minimal), and names at the length limits (long-names).
 */
import { compilePlan, type Plan } from '../../../shared/compiler/plan.js';
import { libraryOf, type Component, type ComponentLibrary, type Pipeline } from '../../../shared/spec/schema.js';

const load: Component = {
  apiVersion: 'pipewright.dev/v1', kind: 'Component',
  metadata: { id: 'load-table', version: '1.0.0', name: 'Load table', category: 'data' },
  inputs: [{ name: 'url', type: 'string' }],
  outputs: [{ name: 'table', type: 'dataset' }],
  implementation: { container: { image: 'pipewright/runtime:1', command: ['python3', '-m', 'load'], args: ['--url', '{{inputs.url}}', '--out', '{{outputs.table}}'] } },
};

const train: Component = {
  apiVersion: 'pipewright.dev/v1', kind: 'Component',
  metadata: { id: 'train', version: '1.0.0', name: 'Train', category: 'train' },
  inputs: [
    { name: 'data', type: 'dataset' },
    { name: 'lr', type: 'number', default: 0.1 },
    { name: 'hyperparameters', type: 'json', default: {} },
    { name: 'notes', type: 'string', optional: true },
  ],
  outputs: [{ name: 'model', type: 'model' }, { name: 'metrics', type: 'metrics' }],
  implementation: {
    container: {
      image: 'ghcr.io/acme/train:2.1',
      command: ['python3', '-m', 'train'],
      args: ['--data', '{{inputs.data}}', '--lr={{inputs.lr}}', '--hp', '{{inputs.hyperparameters}}', '--notes', '{{inputs.notes}}',
        '--model', '{{outputs.model}}', '--metrics', '{{outputs.metrics}}'],
      env: { PYTHONUNBUFFERED: '1' },
    },
  },
};

export const library: ComponentLibrary = libraryOf([load, train]);

/** Every node setting: params, GPU, shm, secrets, retries with back-off, timeouts, runtime values, no image. */
const churn: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline',
  metadata: { name: 'churn', description: 'Train and ship a churn model.', labels: { team: 'growth' } },
  params: {
    dataset_url: { type: 'string', default: 's3://data/churn.csv', description: 'Where the table lives.' },
    lr: { type: 'number', default: 0.05 },
    min_accuracy: { type: 'number', default: 0.8 },
  },
  nodes: [
    { id: 'load', kind: 'data', uses: 'load-table@1.0.0', inputs: { url: { param: 'dataset_url' } }, timeout: '10m', cache: false },
    {
      // No image: exported with the default one and a warning. `$(...)` must reach the program verbatim.
      id: 'profile', kind: 'validate',
      container: { command: ['python3', '-m', 'profile', '{{inputs.table}}', '--title=cost $(USD)', '--out', '{{outputs.report}}'] },
      inputs: { table: { from: 'load.table' } }, outputs: { report: { type: 'file' } },
    },
    {
      id: 'train', kind: 'train', name: 'Train model', uses: 'train@1.0.0',
      inputs: { data: { from: 'load.table' }, lr: { param: 'lr' }, hyperparameters: { value: { max_depth: 8 } } },
      env: { WANDB_API_KEY: { secret: 'wandb', key: 'api-key' }, MODE: 'full' },
      resources: { cpu: 4, memory: '16Gi', gpu: 1, shm: '2Gi' },
      retries: { count: 3, backoff: { initial: '10s', factor: 1.5, max: '5m' } },
      timeout: '2h',
    },
    {
      id: 'evaluate', kind: 'evaluate',
      container: { image: 'python:3.12-slim', command: ['python3', '-m', 'evaluate', '{{inputs.model}}', '{{inputs.table}}', '{{outputs.accuracy}}', '{{outputs.report}}'], workingDir: '/app' },
      inputs: { model: { from: 'train.model' }, table: { from: 'load.table' } },
      outputs: { accuracy: { type: 'number' }, report: { type: 'metrics' } },
      retries: 1, timeout: '30m',
    },
    {
      id: 'deploy', kind: 'deploy',
      container: { image: 'ghcr.io/acme/deploy:1', command: ['deploy', '--model', '{{inputs.model}}', '--accuracy', '{{inputs.accuracy}}', '--min', '{{inputs.min}}', '--min-again={{inputs.min}}'] },
      inputs: { model: { from: 'train.model' }, accuracy: { from: 'evaluate.accuracy' }, min: { param: 'min_accuracy' } },
      env: { REGISTRY_TOKEN: { secret: 'registry', key: 'token' } },
      timeout: '10m',
    },
  ],
};

/** One node, nothing else: no params, inputs, outputs, image or cache. */
const minimal: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline',
  metadata: { name: 'minimal' },
  nodes: [{ id: 'hello', kind: 'custom', container: { command: ['echo', 'hello'] }, cache: false }],
};

const LONG = 'a-pipeline-name-that-is-exactly-sixty-three-characters-long-xyz';
const LONG_NODE = 'a-node-id-that-is-also-exactly-sixty-three-characters-long-abcd';

/** Names at the limits, a node called `main` (Argo's entrypoint name) and an unbounded wait. */
const longNames: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline',
  metadata: { name: LONG },
  nodes: [
    { id: 'main', kind: 'data', container: { image: 'busybox:1.37', command: ['sh', '-c', 'echo hi > "$1"', 'sh', '{{outputs.out}}'] }, outputs: { out: { type: 'file' } }, cache: false },
    { id: LONG_NODE, kind: 'custom', container: { image: 'busybox:1.37', command: ['cat', '{{inputs.in}}'] }, inputs: { in: { from: 'main.out' } }, timeout: 60, cache: false },
  ],
};

export const fixtures: Record<string, Pipeline> = { churn, minimal, 'long-names': longNames };

export function fixturePlan(name: string): Plan {
  const spec = fixtures[name];
  if (!spec) throw new Error(`no fixture '${name}'`);
  return compilePlan(structuredClone(spec), library);
}
