import { describe, expect, it } from 'vitest';
import { componentJsonSchema, pipelineJsonSchema } from './json-schema.js';
import { SchemaChecker } from './schema-check.js';
import { Component, Pipeline } from './schema.js';
import { TEST_COMPONENTS } from './testing/library.js';

const base = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  nodes: [{ id: 'a', kind: 'custom', container: { command: ['echo'] } }],
};
const withNode = (node: object) => ({ ...base, nodes: [{ ...base.nodes[0], ...node }] });

/** Values on both sides of the schema's edges; the checker must agree with zod on each. */
const CASES: unknown[] = [
  base, {}, null, [], 'x', { ...base, extra: 1 }, { ...base, apiVersion: 'v1' }, { ...base, nodes: {} },
  withNode({ retries: 20 }), withNode({ retries: 21 }), withNode({ retries: -1 }), withNode({ retries: 1.5 }),
  withNode({ retries: { count: 2, backoff: { initial: '1s', max: 60, factor: 1 } } }), withNode({ retries: { count: 2, backoff: { factor: 0.5 } } }),
  withNode({ timeout: '1h30m' }), withNode({ timeout: '1h30' }), withNode({ timeout: 's' }), withNode({ timeout: -1 }), withNode({ timeout: Infinity }),
  withNode({ resources: { cpu: 0 } }), withNode({ resources: { cpu: '500m', memory: '4Gi', gpu: 1, shm: '1Gi' } }),
  withNode({ resources: { gpu: 1.5 } }), withNode({ resources: { gpu: 2 ** 60 } }), withNode({ resources: { memory: '4GB' } }),
  withNode({ id: '' }), withNode({ kind: 'trian' }), withNode({ uses: 'x@1.0.0' }), withNode({ uses: 'X@1' }),
  withNode({ inputs: { a: { from: 'x.y' }, b: { param: 'p' }, c: { value: { deep: [1, null, { e: 'f' }] } }, d: 1, e: 'x', f: false } }),
  withNode({ inputs: { a: null } }), withNode({ inputs: { a: [1] } }), withNode({ inputs: { a: { from: 'x', param: 'y' } } }),
  withNode({ inputs: { a: { value: NaN } } }), withNode({ inputs: { a: { value: undefined } } }), withNode({ inputs: { a: undefined } }),
  withNode({ env: { A: 'x', B: { secret: 's', key: 'k' }, C: { secret: 's' } } }), withNode({ name: undefined }),
  withNode({ container: { command: [] } }), withNode({ container: { command: ['x'], image: '' } }), withNode({ container: { command: [1] } }),
  withNode({ outputs: { o: { type: 'dataset' } } }), withNode({ outputs: { o: { type: 'table' } } }),
  { ...base, params: { p: { type: 'integer', default: 1, enum: [1, 2], minimum: 0, maximum: 3, pattern: 'x' } } },
  { ...base, params: { p: { type: 'integer', enum: [] } } }, { ...base, params: { p: { default: 1 } } },
  { ...base, layout: { nodes: { a: { x: 1, y: 2 } }, viewport: { x: 0, y: 0, zoom: 0 } } },
  { ...base, metadata: { name: 'p', labels: { a: 'b', c: 1 } } },
];

describe('SchemaChecker', () => {
  const pipeline = new SchemaChecker(pipelineJsonSchema());

  it('accepts exactly what zod accepts', () => {
    for (const value of CASES) {
      const zod = Pipeline.safeParse(value).success;
      expect(pipeline.valid(value), JSON.stringify(value)).toBe(zod);
      expect(pipeline.violations(value).length === 0, JSON.stringify(value)).toBe(zod);
    }
  });

  it('checks components too', () => {
    const component = new SchemaChecker(componentJsonSchema());
    for (const c of TEST_COMPONENTS) expect(component.valid(c)).toBe(true);
    const broken = { ...TEST_COMPONENTS[0], metadata: { ...TEST_COMPONENTS[0]!.metadata, version: 'one' } };
    expect(component.valid(broken)).toBe(Component.safeParse(broken).success);
  });

  it('reports every violation with its path', () => {
    const value = withNode({ kind: 'x', retries: 50, container: { command: ['x'], imgae: 'y' } });
    const found = pipeline.violations(value).map((v) => [v.kind, v.path.join('.')]);
    expect(found).toEqual([['value', 'nodes.0.kind'], ['unknown-key', 'nodes.0.container.imgae'], ['union', 'nodes.0.retries']]);
    const missing = pipeline.violations({ ...base, metadata: {} });
    expect(missing).toMatchObject([{ kind: 'required', key: 'name', path: ['metadata', 'name'] }]);
  });

  it('stops at recursive or absurdly deep values instead of overflowing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const value = withNode({ inputs: { a: { value: cyclic } } });
    expect(pipeline.valid(value)).toBe(false);
    expect(pipeline.violations(value)).toMatchObject([{ path: ['nodes', 0, 'inputs', 'a'] }]);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(pipeline.violations({ ...base, layout: deep }).map((v) => v.kind)).toEqual(['type']);
    expect(pipeline.valid(withNode({ inputs: { a: { value: deep } } }))).toBe(false);
  });

  it('refuses schema keywords it does not implement', () => {
    expect(() => new SchemaChecker({ type: 'string', format: 'email' })).toThrow(/format/);
  });
});
