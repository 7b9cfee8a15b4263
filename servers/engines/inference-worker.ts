/** One inference worker thread: loads its own engine, then answers predict messages one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from './engine-registry.ts';
import type { Engine } from './engine.ts';
import { transferables, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';

const config = workerData as WorkerConfig;
const port = parentPort;
if (!port) throw new Error('inference-worker.ts must run in a worker thread (see worker-pool.ts)');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => {
  try {
    port.postMessage(message, transfer);
  } catch {
    port.postMessage(message); // e.g. a non-detachable (external) buffer: fall back to a copy
  }
};
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

let engine: Engine;
try {
  engine = await loadEngine(config.engine, { modelDir: config.modelDir, threads: config.threads });
  send({ type: 'ready', signature: engine.signature });
} catch (err) {
  send({ type: 'load-error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

let crashNext = false;
port.on('message', async (message: ToWorker) => {
  if (message.type === 'crash') {
    crashNext = true; // test hook: the next predict dies with an uncaught error instead of answering
    return;
  }
  if (crashNext) {
    setImmediate(() => {
      throw new Error('crash requested by test');
    });
    return;
  }
  try {
    const outputs = await engine.predict(message.inputs);
    if (config.delayMs > 0) Atomics.wait(sleepCell, 0, 0, config.delayMs);
    send({ type: 'result', id: message.id, outputs }, transferables(outputs));
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    send({ type: 'error', id: message.id, name: e.name, message: e.message });
  }
});
