/** Worker-thread entry: runs drift tasks posted by the pool, moving typed arrays instead of copying. */
import { parentPort } from 'node:worker_threads';
import { runTask, serializeError, transferables, type DriftTask } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('drift worker must run in a worker thread');

port.on('message', (msg: { id: number; task: DriftTask }) => {
  let lastReported = 0;
  const onProgress = (fraction: number): void => {
    // Throttled: a progress message per percent is plenty.
    if (fraction - lastReported >= 0.01 || fraction === 1) {
      lastReported = fraction;
      port.postMessage({ id: msg.id, type: 'progress', fraction });
    }
  };
  runTask(msg.task, onProgress).then(
    (value) => port.postMessage({ id: msg.id, type: 'done', value }, transferables(value)),
    (e: unknown) => port.postMessage({ id: msg.id, type: 'error', error: serializeError(e) }),
  );
});

// The pool hands out tasks only after this, so a booting worker never holds one up.
port.postMessage({ type: 'ready' });
