/**
 * Pipelines the KFP exporter and the import round trips are tested on besides the shared exporter
 * fixtures (testing/fixtures.ts): parameter outputs wired between nodes, every KFP parameter type,
 * component defaults, an unset optional flag and a retry back-off over KFP's one-hour cap (kfp-wiring),
 * and optional inputs given by params next to integer and boolean wiring (kfp-optional-inputs).
 */
import { libraryOf, type Component, type ComponentLibrary, type Pipeline } from '../../shared/spec/schema.js';

const component = (c: Omit<Component, 'apiVersion' | 'kind'>): Component => ({ apiVersion: 'pipewright.dev/v1', kind: 'Component', ...c });

const load = component({
  metadata: { id: 'load-table', version: '1.0.0', name: 'Load table', category: 'data' },
  inputs: [{ name: 'url', type: 'string' }],
  outputs: [{ name: 'table', type: 'dataset' }],
  implementation: { container: { image: 'pipewright/runtime:1', command: ['python3', '-m', 'load'], args: ['--url', '{{inputs.url}}', '--out', '{{outputs.table}}'] } },
});

const train = component({
  metadata: { id: 'train', version: '1.0.0', name: 'Train', category: 'train' },
  inputs: [
    { name: 'data', type: 'dataset' },
    { name: 'lr', type: 'number', default: 0.1 },
    { name: 'epochs', type: 'integer', default: 5 },
    { name: 'hyperparameters', type: 'json', default: {} },
    { name: 'notes', type: 'string', optional: true },
  ],
  outputs: [{ name: 'model', type: 'model' }, { name: 'metrics', type: 'metrics' }, { name: 'accuracy', type: 'number' }],
  implementation: {
    container: {
      image: 'ghcr.io/acme/train:2.1',
      command: ['python3', '-m', 'train'],
      args: ['--data', '{{inputs.data}}', '--lr={{inputs.lr}}', '--epochs', '{{inputs.epochs}}', '--hp', '{{inputs.hyperparameters}}',
        '--notes', '{{inputs.notes}}', '--model', '{{outputs.model}}', '--metrics', '{{outputs.metrics}}', '--accuracy', '{{outputs.accuracy}}'],
      env: { PYTHONUNBUFFERED: '1' },
    },
  },
});

const evaluate = component({
  metadata: { id: 'evaluate', version: '1.0.0', name: 'Evaluate', category: 'evaluate' },
  inputs: [{ name: 'model', type: 'model' }, { name: 'data', type: 'file' }, { name: 'threshold', type: 'number', default: 0.8 }],
  outputs: [{ name: 'report', type: 'metrics' }, { name: 'passed', type: 'boolean' }],
  implementation: {
    container: {
      image: 'ghcr.io/acme/eval:1.0',
      command: ['python3', '-m', 'evaluate', '{{inputs.model}}', '{{inputs.data}}', '--threshold', '{{inputs.threshold}}',
        '--report', '{{outputs.report}}', '--passed', '{{outputs.passed}}'],
    },
  },
});

export const kfpLibrary: ComponentLibrary = libraryOf([load, train, evaluate]);

const wiring: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline',
  metadata: { name: 'kfp-wiring', description: 'Train and gate a churn model.', labels: { team: 'growth' } },
  params: {
    dataset_url: { type: 'string', default: 's3://data/churn.csv', description: 'Where the table lives.' },
    lr: { type: 'number', default: 0.05 },
    epochs: { type: 'integer', default: 10 },
    tags: { type: 'json', default: ['churn', 'weekly'] },
    strict: { type: 'boolean', default: true },
  },
  nodes: [
    { id: 'load', kind: 'data', uses: 'load-table@1.0.0', inputs: { url: { param: 'dataset_url' } }, timeout: '10m', cache: false },
    {
      id: 'train', kind: 'train', name: 'Train model', uses: 'train@1.0.0',
      inputs: { data: { from: 'load.table' }, lr: { param: 'lr' }, epochs: { param: 'epochs' }, hyperparameters: { value: { depth: 3, loss: 'log' } } },
      env: { WANDB_API_KEY: { secret: 'wandb', key: 'api-key' }, MODE: 'fast' },
      resources: { cpu: '2', memory: '4Gi', gpu: 1, shm: '1Gi' },
      retries: { count: 3, backoff: { initial: '5s', factor: 3, max: '2h' } },
    },
    { id: 'evaluate', kind: 'evaluate', uses: 'evaluate@1.0.0', inputs: { model: { from: 'train.model' }, data: { from: 'load.table' } }, retries: 2 },
    {
      id: 'gate', kind: 'deploy',
      container: {
        image: 'busybox:1.36', command: ['sh', '-c'], args: ['test "$0" = true || test "$1" = false', '{{inputs.passed}}', '{{inputs.strict}}'],
        env: { TOKEN: { secret: 'gate-token', key: 'token' } }, workingDir: '/work',
      },
      inputs: { passed: { from: 'evaluate.passed' }, strict: { param: 'strict' }, tags: { param: 'tags' }, accuracy: { from: 'train.accuracy' } },
      timeout: 90,
    },
  ],
};

const optional: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'kfp-optional-inputs' },
  params: { note: { type: 'string', default: 'nightly run' } },
  nodes: [
    { id: 'train', kind: 'train', uses: 'train@1.0.0', inputs: { data: { from: 'fetch.rows' }, notes: { param: 'note' } } },
    {
      id: 'fetch', kind: 'data', container: { image: 'curlimages/curl:8', command: ['curl', '-o', '{{outputs.rows}}', 'https://example.com/rows.csv'] },
      outputs: { rows: { type: 'dataset' }, count: { type: 'integer' } },
    },
    { id: 'count', kind: 'custom', container: { image: 'busybox', command: ['echo', 'rows: {{inputs.n}}', '{{inputs.flag}}'] }, inputs: { n: { from: 'fetch.count' }, flag: false } },
  ],
};

/** The fixtures by name (also their pipeline names); golden files are `golden/<name>.kfp.yaml`. */
export const kfpFixtures: Record<string, Pipeline> = { 'kfp-wiring': wiring, 'kfp-optional-inputs': optional };
