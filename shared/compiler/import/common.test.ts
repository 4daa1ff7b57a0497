import { describe, expect, it } from 'vitest';
import { isDns1123Label, IDENTIFIER } from '../../spec/names.js';
import { formatValue } from '../render.js';
import { cpuOf, dependencyOrder, dnsLabel, dropArgs, dropDanglingWires, guessKind, identifiers, nodeIds, replacePath, typedText } from './common.js';
import { detectFormat } from './index.js';

describe('import naming', () => {
  it('makes DNS-1123 node ids, unique within a pipeline', () => {
    const ids = nodeIds();
    expect(['Train Step', 'train-step', 'TRAIN_STEP', '--', 'A'].map((s) => ids.name(s))).toEqual(['train-step', 'train-step-2', 'train-step-3', 'node', 'a']);
    const long = ids.name('x'.repeat(80));
    const again = ids.name('x'.repeat(80));
    expect([long, again].every(isDns1123Label)).toBe(true);
    expect(long).not.toBe(again);
    expect(dnsLabel('')).toBe('node');
  });

  it('makes identifiers for ports and params, unique within a scope', () => {
    const scope = identifiers();
    const names = ['hello-art', 'hello_art', '1st', 'a.b', ''].map((s) => scope.name(s));
    expect(names).toEqual(['hello_art', 'hello_art_2', '_1st', 'a_b', 'x']);
    expect(names.every((n) => IDENTIFIER.test(n))).toBe(true);
  });
});

describe('typedText', () => {
  it.each(['42', '-3', '0.05', 'true', 'false', '[1,2]', '{"a":"b"}'])('types %s and prints it back the same', (s) => {
    expect(typeof typedText(s)).not.toBe('string');
    expect(formatValue(typedText(s))).toBe(s);
  });
  it.each(['007', '1e3', '1.50', ' 1', '{"a": 1}', 'TRUE', 's3://x', ''])('keeps %j as text (typing would change the argv)', (s) => {
    expect(typedText(s)).toBe(s);
  });
});

describe('replacePath', () => {
  it('replaces whole paths and directory prefixes only', () => {
    expect(replacePath('cat /tmp/in && cp /tmp/in /x', '/tmp/in', '{{inputs.in}}')).toBe('cat {{inputs.in}} && cp {{inputs.in}} /x');
    expect(replacePath('--out=/o/model/w.bin', '/o/model', '{{outputs.m}}')).toBe('--out={{outputs.m}}/w.bin');
    expect(replacePath('/tmp/input /tmp/in.gz x/tmp/in', '/tmp/in', 'P')).toBe('/tmp/input /tmp/in.gz x/tmp/in');
  });
});

describe('dropArgs', () => {
  it('drops an untranslatable argument with the flag before it, and says so', () => {
    const notes: string[] = [];
    expect(dropArgs(['--a', undefined, 'x', undefined], ['--a', '{{$}}', 'x', '{{pod.name}}'], "task 't'", notes)).toEqual(['x']);
    expect(notes).toEqual([expect.stringContaining('"--a {{$}}"'), expect.stringContaining('"{{pod.name}}"')]);
  });
});

describe('guessKind', () => {
  it.each([
    ['trainer', [], 'train'], ['evaluate-model', [], 'evaluate'], ['deploy', [], 'deploy'], ['validate-table', [], 'validate'],
    ['drift-monitor', [], 'monitor'], ['preprocess', [], 'feature'], ['ingestion', [], 'data'], ['flip-coin', [], 'custom'],
    ['step-1', ['model'], 'train'], ['step-2', ['metrics'], 'evaluate'], ['cat-os-release', [], 'custom'],
  ] as const)('%s -> %s', (name, outputs, kind) => {
    expect(guessKind(name, [...outputs])).toBe(kind);
  });
});

describe('cpuOf', () => {
  it('keeps cores as numbers and other quantities as text', () => {
    expect([cpuOf('4'), cpuOf(2), cpuOf('500m'), cpuOf('0.5'), cpuOf('lots'), cpuOf(0)]).toEqual([4, 2, '500m', 0.5, undefined, undefined]);
  });
});

describe('dependencyOrder', () => {
  it('puts producers first and otherwise keeps the given order', () => {
    const n = (id: string, from?: string) => ({ id, kind: 'custom' as const, ...(from ? { inputs: { x: { from: `${from}.y` } } } : {}) });
    expect(dependencyOrder([n('c', 'b'), n('a'), n('b', 'a'), n('d')]).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('detectFormat', () => {
  it('tells KFP IR from Argo from anything else', () => {
    expect(detectFormat({ pipelineInfo: { name: 'x' }, root: {}, deploymentSpec: {} })).toBe('kfp');
    expect(detectFormat({ apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate' })).toBe('argo');
    expect(detectFormat({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor' })).toBeUndefined();
    expect(detectFormat(null)).toBeUndefined();
  });
});

describe('dropDanglingWires', () => {
  it('removes wires to missing nodes or outputs and says so', () => {
    const notes: string[] = [];
    const nodes = dropDanglingWires([
      { id: 'a', kind: 'custom', outputs: { y: { type: 'file' } } },
      { id: 'b', kind: 'custom', inputs: { ok: { from: 'a.y' }, gone: { from: 'ghost.y' }, typo: { from: 'a.z' } } },
      { id: 'c', kind: 'custom', inputs: { only: { from: 'ghost.y' } } },
    ], notes);
    expect(nodes.map((n) => n.inputs)).toEqual([undefined, { ok: { from: 'a.y' } }, undefined]);
    expect(notes).toEqual([
      "node 'b': input 'gone' reads 'ghost.y', which was not imported.",
      "node 'b': input 'typo' reads 'a.z', which was not imported.",
      "node 'c': input 'only' reads 'ghost.y', which was not imported.",
    ]);
  });
});
