/**
 * Child process for the kill -9 test: opens a back end on argv[2], starts a run whose second node
 * writes half an output and hangs, says "hanging" on stdout, and waits to be killed.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compilePlan } from '../../../shared/compiler/plan.js';
import { openBackend } from '../../backend.js';
import { jsNode, pipeline, WRITE } from './harness.js';

const dataDir = process.argv[2]!;
const backend = await openBackend({ dataDir });
const spec = pipeline([
  jsNode('first', WRITE, ['{{outputs.data}}', 'complete'], { outputs: { data: { type: 'dataset' } } }),
  jsNode('hang', 'require("fs").writeFileSync(process.argv[1], "half-writ"); console.log("hanging"); setTimeout(()=>{}, 600000)',
    ['{{outputs.model}}'], { inputs: { d: { from: 'first.data' } }, outputs: { model: { type: 'model' } } }),
]);
const plan = compilePlan(spec, backend.library);
const { runId } = backend.engine.start({ plan, specText: stringify(spec), specFile: join(dataDir, 'crash.yaml'), executor: 'process' });
backend.engine.onEvent((e) => {
  if (e.type === 'logAppended' && e.nodeId === 'hang' && e.text.includes('hanging')) process.stdout.write(`${runId}\n`);
});
