/**
 * Canvas bench, Pipewright page: the real designer canvas (`Canvas`, the designer store, the app's
 * styles) with a generated pipeline opened through the store's `load`, as the app opens a file.
 */
import '@xyflow/react/dist/style.css';
import '../../src-renderer/app/styles/base.css';
import '../../src-renderer/features/designer/designer.css';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { Canvas } from '../../src-renderer/features/designer/Canvas.js';
import { useDesigner } from '../../src-renderer/stores/designer.store.js';
import { benchSpecText, requestedNodes } from './fixture.js';
import { installBench, marks, nodesInView, shownNodes, watchFirstRender } from './probe.js';

const n = requestedNodes();
const text = benchSpecText(n);
marks.loadStart = performance.now();
useDesigner.getState().load(text, 'bench.yaml');
marks.loadEnd = performance.now();
const { graph, issues } = useDesigner.getState();
if (graph.nodes.length !== n || issues.some((i) => i.severity === 'error')) throw new Error(`bench spec did not load cleanly: ${issues[0]?.message}`);

// For ad-hoc checks from the bench's browser (selection in the overview and the like).
(window as unknown as { __designer: typeof useDesigner }).__designer = useDesigner;

function Probe() {
  const rf = useReactFlow();
  useEffect(() => {
    installBench(rf, graph.nodes.length, graph.edges.length);
    // Rendered once the canvas fitted the new document (it does so a frame after load) and shows every node in view.
    watchFirstRender(() => rf.viewportInitialized && rf.getViewport().zoom !== 1 && shownNodes() >= nodesInView(rf));
  }, [rf]);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <ReactFlowProvider>
    <div style={{ display: 'flex', height: '100%' }}>
      <Canvas />
    </div>
    <Probe />
  </ReactFlowProvider>,
);
