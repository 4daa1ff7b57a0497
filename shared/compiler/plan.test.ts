import { describe, expect, it } from 'vitest';
import { libraryOf, type Component, type Pipeline } from '../spec/schema.js';
import { canonicalJson, cacheKeyMaterial, renderCommand, staticParameterValue } from './render.js';
import { CompileError, coerceParam, compilePlan, downstreamOf } from './plan.js';

const train: Component = {
  apiVersion: 'pipewright.dev/v1', kind: 'Component',
  metadata: { id: 'train', version: '1.0.0', name: 'Train', category: 'train' },
  inputs: [
    { name: 'data', type: 'dataset' },
    { name: 'lr', type: 'number', default: 0.1 },
    { name: 'notes', type: 'string', optional: true },
  ],
  outputs: [{ name: 'model', type: 'model' }, { name: 'score', type: 'number' }],
  implementation: { container: { image: 'img:1', command: ['python3', '-m', 'train'], args: ['--data', '{{inputs.data}}', '--lr={{inputs.lr}}', '--notes', '{{inputs.notes}}', '--out', '{{outputs.model}}'] } },
};
const library = libraryOf([train]);

function spec(): Pipeline {
  return {
    apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
    params: { rate: { type: 'number', default: 0.5 } },
    nodes: [
      { id: 'report', kind: 'custom', container: { command: ['echo', '{{inputs.score}}'] }, inputs: { score: { from: 'fit.score' } } },
      { id: 'load', kind: 'data', container: { image: 'busybox', command: ['cp', '/src', '{{outputs.out}}'] }, outputs: { out: { type: 'dataset' } } },
      { id: 'fit', kind: 'train', uses: 'train@1.0.0', inputs: { data: { from: 'load.out' }, lr: { param: 'rate' } }, retries: { count: 2, backoff: { initial: '5s' } }, timeout: '1h' },
    ],
  };
}

describe('compilePlan', () => {
  it('orders nodes topologically and keeps spec order among ready nodes', () => {
    const plan = compilePlan(spec(), library);
    expect(plan.nodes.map((n) => n.id)).toEqual(['load', 'fit', 'report']);
    expect(plan.nodes[1]!.dependsOn).toEqual(['load']);
  });

  it('resolves params, defaults, wiring kinds, retries and timeout', () => {
    const plan = compilePlan(spec(), library, { rate: 0.9 });
    const fit = plan.nodes.find((n) => n.id === 'fit')!;
    expect(fit.image).toBe('img:1');
    expect(fit.inputs).toEqual([
      { name: 'data', type: 'dataset', source: { kind: 'artifact', node: 'load', output: 'out' } },
      { name: 'lr', type: 'number', source: { kind: 'value', value: 0.9, param: 'rate' } },
    ]);
    expect(fit.retries).toEqual({ count: 2, initialSeconds: 5, factor: 2, maxSeconds: 300 });
    expect(fit.timeoutSeconds).toBe(3600);
    const report = plan.nodes.find((n) => n.id === 'report')!;
    expect(report.inputs[0]!.source).toEqual({ kind: 'parameter', node: 'fit', output: 'score' });
    expect(report.inputs[0]!.type).toBe('number');
  });

  it('rejects unknown param overrides and cycles', () => {
    expect(() => compilePlan(spec(), library, { nope: 1 })).toThrow(CompileError);
    const s = spec();
    s.nodes[1]!.inputs = { x: { from: 'report.never' } };
    expect(() => compilePlan(s, library)).toThrow(/unknown output 'report.never'/);
    s.nodes[0]!.outputs = { never: { type: 'file' } };
    expect(() => compilePlan(s, library)).toThrow(/cycle through/);
  });

  it('lists everything downstream of a node', () => {
    const plan = compilePlan(spec(), library);
    expect([...downstreamOf(plan, 'load')]).toEqual(['fit', 'report']);
    expect([...downstreamOf(plan, 'report')]).toEqual([]);
  });
});

describe('renderCommand', () => {
  it('fills placeholders and drops an unset optional flag with its value', () => {
    const fit = compilePlan(spec(), library).nodes.find((n) => n.id === 'fit')!;
    const argv = renderCommand(fit, {
      artifactPath: (i) => `/in/${i.name}`, parameterValue: staticParameterValue, outputPath: (o) => `/out/${o}`,
    });
    expect(argv).toEqual(['python3', '-m', 'train', '--data', '/in/data', '--lr=0.5', '--out', '/out/model']);
  });
});

describe('cache key material', () => {
  it('changes with params and input digests, not with key order', () => {
    const fit = compilePlan(spec(), library).nodes.find((n) => n.id === 'fit')!;
    const a = cacheKeyMaterial(fit, { data: 'sha-a' });
    expect(cacheKeyMaterial(fit, { data: 'sha-a' })).toBe(a);
    expect(cacheKeyMaterial(fit, { data: 'sha-b' })).not.toBe(a);
    const other = compilePlan(spec(), library, { rate: 0.7 }).nodes.find((n) => n.id === 'fit')!;
    expect(cacheKeyMaterial(other, { data: 'sha-a' })).not.toBe(a);
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});

describe('coerceParam', () => {
  it('reads CLI text by declared type', () => {
    expect(coerceParam('number', '0.25')).toBe(0.25);
    expect(coerceParam('integer', '3')).toBe(3);
    expect(coerceParam('integer', '3.5')).toBeUndefined();
    expect(coerceParam('boolean', 'yes')).toBeUndefined();
    expect(coerceParam('json', '{"a":1}')).toEqual({ a: 1 });
    expect(coerceParam('number', '')).toBeUndefined();
  });
});
