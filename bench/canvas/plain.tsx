/**
 * Canvas bench, baseline page: plain React Flow 12 with default nodes, nothing declared up front and no
 * culling, showing the same generated graph (same positions and edges) fitted into view.
 */
import '@xyflow/react/dist/style.css';
import { ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { specToGraph } from '../../shared/compiler/graph.js';
import { libraryOf } from '../../shared/spec/schema.js';
import { validateSpec } from '../../shared/spec/validate.js';
import { benchSpecText, requestedNodes } from './fixture.js';
import { installBench, marks, watchFirstRender } from './probe.js';

const n = requestedNodes();
const text = benchSpecText(n);
// The same parsing work the Pipewright page's load does, so both first renders start from the same point.
marks.loadStart = performance.now();
const { spec } = validateSpec(text, { file: 'bench.yaml', library: libraryOf([]) });
const graph = specToGraph(spec!);
const nodes: Node[] = graph.nodes.map((g) => ({ id: g.id, position: g.position, data: { label: g.data.spec.name ?? g.id } }));
const edges: Edge[] = graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));
marks.loadEnd = performance.now();

let initialized = false;

function Probe() {
  const rf = useReactFlow();
  useEffect(() => {
    installBench(rf, nodes.length, edges.length);
    // Rendered once every node is measured and visible, the edges are drawn and the graph is fitted.
    watchFirstRender(() => initialized && rf.getViewport().zoom !== 1
      && document.querySelectorAll('.react-flow__node').length === nodes.length
      && !document.querySelector('.react-flow__node[style*="visibility: hidden"]')
      && document.querySelectorAll('.react-flow__edge').length === edges.length);
  }, [rf]);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <ReactFlowProvider>
    <div style={{ width: '100vw', height: '100vh' }}>
      <ReactFlow defaultNodes={nodes} defaultEdges={edges} fitView minZoom={0.01} onInit={() => { initialized = true; }} />
    </div>
    <Probe />
  </ReactFlowProvider>,
);
