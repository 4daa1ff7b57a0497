/**
 * A small component library for tests (the real one lives in resources/components and is read from
 * disk by the app). Covers every port type, defaults, optional inputs, enums, ranges, a pattern and two
 * versions of one component.
 */
import { Component, libraryOf, type ComponentLibrary } from '../schema.js';

function component(id: string, version: string, category: string, inputs: object[], outputs: object[]): Component {
  return Component.parse({
    apiVersion: 'pipewright.dev/v1', kind: 'Component',
    metadata: { id, version, name: id, category },
    inputs, outputs,
    implementation: { container: { image: `example.org/${id}:${version}`, command: ['python', '-m', id.replace(/-/g, '_')] } },
  });
}

/** The components of {@link testLibrary}. */
export const TEST_COMPONENTS: readonly Component[] = [
  component('load-table', '1.0.0', 'data', [
    { name: 'path', type: 'string' },
    { name: 'format', type: 'string', enum: ['csv', 'parquet'], default: 'csv' },
  ], [{ name: 'dataset', type: 'dataset' }]),
  component('split', '1.0.0', 'feature', [
    { name: 'dataset', type: 'dataset' },
    { name: 'test_size', type: 'number', minimum: 0, maximum: 1, default: 0.2 },
  ], [{ name: 'train', type: 'dataset' }, { name: 'test', type: 'dataset' }]),
  ...['1.0.0', '1.1.0'].map((version) => component('train', version, 'train', [
    { name: 'data', type: 'dataset' },
    { name: 'target', type: 'string' },
    { name: 'epochs', type: 'integer', minimum: 1, maximum: 1000, default: 10 },
    { name: 'learning_rate', type: 'number', minimum: 0, maximum: 1, optional: true },
    { name: 'seed', type: 'integer', optional: true },
    { name: 'options', type: 'json', optional: true },
  ], [{ name: 'model', type: 'model' }, { name: 'metrics', type: 'metrics' }])),
  component('evaluate', '1.0.0', 'evaluate', [
    { name: 'model', type: 'model' },
    { name: 'data', type: 'dataset' },
  ], [{ name: 'metrics', type: 'metrics' }, { name: 'report', type: 'file' }, { name: 'auc', type: 'number' }]),
  component('deploy', '1.0.0', 'deploy', [
    { name: 'model', type: 'model' },
    { name: 'name', type: 'string', pattern: '^[a-z][-a-z0-9]*$', optional: true },
    { name: 'replicas', type: 'integer', minimum: 1, default: 1 },
    { name: 'canary', type: 'boolean', default: false },
    { name: 'min_auc', type: 'number', optional: true },
  ], [{ name: 'endpoint', type: 'string' }]),
];

/** A library of {@link TEST_COMPONENTS}. */
export function testLibrary(): ComponentLibrary {
  return libraryOf([...TEST_COMPONENTS]);
}
