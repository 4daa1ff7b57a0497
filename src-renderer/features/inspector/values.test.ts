import { describe, expect, it } from 'vitest';
import { specToGraph } from '../../../shared/compiler/graph.js';
import { graphToSpec } from '../../../shared/compiler/graph.js';
import type { Pipeline } from '../../../shared/spec/schema.js';
import { checkValue, literalInput, nodeIdError, parseText, renameNode, renameParam } from './values.js';

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  params: { seed: { type: 'integer', default: 1 }, target: { type: 'string' } },
  nodes: [
    { id: 'load', kind: 'data', inputs: { path: 'a.csv', seed: { param: 'seed' } } },
    { id: 'train', kind: 'train', inputs: { dataset: { from: 'load.dataset' }, seed: { param: 'seed' }, target: { param: 'target' } } },
  ],
  layout: { nodes: { load: { x: 0, y: 0 }, train: { x: 260, y: 0 } } },
};

describe('reading and checking field values', () => {
  it('reads typed text, and empty text as unset', () => {
    expect(parseText('0.5', 'number')).toEqual({ ok: true, value: 0.5 });
    expect(parseText('1.5', 'integer')).toMatchObject({ ok: false });
    expect(parseText(' 12 ', 'integer')).toEqual({ ok: true, value: 12 });
    expect(parseText('', 'integer')).toEqual({ ok: true, empty: true });
    expect(parseText('{"a": 1}', 'json')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseText('{a: 1}', 'json')).toMatchObject({ ok: false });
    expect(parseText(' keep spaces ', 'string')).toEqual({ ok: true, value: ' keep spaces ' });
  });

  it('checks ranges, enums and patterns in words', () => {
    expect(checkValue(2, { type: 'number', minimum: 0, maximum: 1 })).toBe('Must be at most 1');
    expect(checkValue(-1, { type: 'integer', minimum: 0 })).toBe('Must be at least 0');
    expect(checkValue('svm', { type: 'string', enum: ['rf', 'gb'] })).toBe('Must be one of "rf", "gb"');
    expect(checkValue('ab1', { type: 'string', pattern: '^[a-z]+$' })).toMatch(/pattern/);
    expect(checkValue(0.5, { type: 'number', minimum: 0, maximum: 1 })).toBeUndefined();
  });

  it('wraps lists and objects as {value}', () => {
    expect(literalInput(['a'])).toEqual({ value: ['a'] });
    expect(literalInput(3)).toBe(3);
  });
});

describe('graph rewrites', () => {
  it('renames a node with its edges, references and layout', () => {
    const graph = specToGraph(spec);
    expect(nodeIdError('train', graph, 'load')).toMatch(/already/);
    expect(nodeIdError('Load', graph, 'load')).toMatch(/Lowercase/);
    const out = graphToSpec(renameNode(graph, 'load', 'read'));
    expect(out.nodes.map((n) => n.id)).toEqual(['read', 'train']);
    expect(out.nodes[1]!.inputs!.dataset).toEqual({ from: 'read.dataset' });
    expect(out.layout!.nodes!.read).toEqual({ x: 0, y: 0 });
  });

  it('renames a param where it is declared and everywhere it is read', () => {
    const out = graphToSpec(renameParam(specToGraph(spec), 'seed', 'random_seed'));
    expect(Object.keys(out.params!)).toEqual(['random_seed', 'target']);
    expect(out.nodes.map((n) => n.inputs!.seed)).toEqual([{ param: 'random_seed' }, { param: 'random_seed' }]);
  });
});
