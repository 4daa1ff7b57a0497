import { stringify } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../shared/spec/schema.js';
import { moveNodes, removeElements } from '../features/designer/graph-edit.js';
import { useDesigner } from './designer.store.js';

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  nodes: [
    { id: 'a', kind: 'data', container: { command: ['x'] }, outputs: { rows: { type: 'dataset' } } },
    { id: 'b', kind: 'custom', container: { command: ['y'] }, inputs: { rows: { from: 'a.rows' } } },
  ],
};

beforeEach(() => useDesigner.getState().load(stringify(spec), '/w/p.yaml', 1));

describe('designer store', () => {
  it('keeps a primary node within a multi-selection', () => {
    const s = useDesigner.getState();
    s.select('a');
    s.setSelection(['a', 'b'], []);
    expect(useDesigner.getState().selectedNodeId).toBe('a');
    s.setSelection(['b'], []);
    expect(useDesigner.getState().selectedNodeId).toBe('b');
  });

  it('focus selects the node, asks the canvas to reveal it and the inspector to focus the field', () => {
    useDesigner.getState().focus('b', ['nodes', 1, 'inputs', 'rows']);
    const s = useDesigner.getState();
    expect(s.selectedIds).toEqual(['b']);
    expect(s.focusPath).toEqual(['nodes', 1, 'inputs', 'rows']);
    expect(s.reveal?.nodeId).toBe('b');
    useDesigner.getState().focus(undefined, ['metadata', 'name']);
    expect(useDesigner.getState().selectedNodeId).toBeUndefined();
  });

  it('drops deleted nodes from the selection, and brings them back on undo without a ghost selection', () => {
    const s = useDesigner.getState();
    s.setSelection(['a', 'b'], ['a.rows->b.rows']);
    s.commit(removeElements(s.graph, ['b'], []));
    expect(useDesigner.getState().selectedIds).toEqual(['a']);
    expect(useDesigner.getState().selectedEdgeIds).toEqual([]);
    useDesigner.getState().undo();
    expect(useDesigner.getState().graph.nodes).toHaveLength(2);
  });

  it('moves are one undo step each (coalesced when quick) and keep the issues', () => {
    const s = useDesigner.getState();
    const issues = s.issues;
    s.commitLayout(moveNodes(s.graph, new Map([['a', { x: 1, y: 1 }]])), 'move:a');
    useDesigner.getState().commitLayout(moveNodes(useDesigner.getState().graph, new Map([['a', { x: 2, y: 1 }]])), 'move:a');
    const after = useDesigner.getState();
    expect(after.past).toHaveLength(1);
    expect(after.dirty).toBe(true);
    expect(after.issues).toBe(issues);
    expect(after.spec().layout?.nodes?.a).toEqual({ x: 2, y: 1 });
    after.undo();
    expect(useDesigner.getState().graph.nodes[0]!.data.placed).toBe(false);
  });

  it('load can mark recovered work as unsaved', () => {
    useDesigner.getState().load(stringify(spec), '/w/p.yaml', 1, { dirty: true });
    expect(useDesigner.getState().dirty).toBe(true);
    expect(useDesigner.getState().docVersion).toBeGreaterThan(0);
  });
});
