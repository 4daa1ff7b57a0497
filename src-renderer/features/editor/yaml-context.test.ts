import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema } from '../../../shared/spec/json-schema.js';
import { cursorContext, schemaAt, siblingKeys } from './yaml-context.js';

const text = `kind: Pipeline
nodes:
  - id: load
    inputs:
      path: {param: training_data}
  - id: train
    uses: train-sklearn@1.0.0
    inputs:
      dataset:
        from: load.dataset
      tar
    resources:
      cpu: 2
  - ki
params:
  seed:
    ty`;
const lines = text.split('\n');
const at = (line: number, col = lines[line]!.length) => cursorContext(lines, line, col);

describe('where the cursor is in half-typed YAML', () => {
  it('finds the mapping a key is typed in, list items counted', () => {
    expect(at(10)).toMatchObject({ path: ['nodes', 1, 'inputs'], onKey: true, part: 'tar' });
    expect(at(13)).toMatchObject({ path: ['nodes', 2], onKey: true, part: 'ki' });
    expect(at(16)).toMatchObject({ path: ['params', 'seed'], onKey: true, part: 'ty' });
    expect(at(9)).toMatchObject({ path: ['nodes', 1, 'inputs', 'dataset'], onKey: false, key: 'from', part: 'load.dataset' });
  });

  it('reads flow mappings', () => {
    expect(at(4, lines[4]!.length - 1)).toMatchObject({ path: ['nodes', 0, 'inputs'], key: 'path', flowKey: 'param', part: 'training_data', inFlow: true });
    expect(at(4, 14)).toMatchObject({ path: ['nodes', 0, 'inputs', 'path'], onKey: true, part: 'p', inFlow: true });
  });

  it('handles lists at the same indent as their key', () => {
    const l = ['nodes:', '- id: a', '  kind: data', '- '];
    expect(cursorContext(l, 3, 2)).toMatchObject({ path: ['nodes', 1], onKey: true });
    expect(cursorContext(l, 2, 4)).toMatchObject({ path: ['nodes', 0], onKey: true, part: 'ki' });
  });

  it('lists the keys a mapping already has', () => {
    expect([...siblingKeys(lines, 10, 4)].sort()).toEqual(['id', 'inputs', 'resources', 'uses']);
  });

  it('walks the pipeline schema through lists, records and unions', () => {
    const root = pipelineJsonSchema();
    expect(Object.keys(schemaAt(root, ['nodes', 0])[0]!.properties as object)).toContain('retries');
    const input = schemaAt(root, ['nodes', 0, 'inputs', 'x']);
    expect(input.some((s) => (s.properties as Record<string, unknown> | undefined)?.from)).toBe(true);
  });
});
