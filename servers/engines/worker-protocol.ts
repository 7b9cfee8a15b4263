/** Messages between the worker pool (main thread) and inference workers. */
import type { EngineName, ModelSignature, TensorMap } from './engine.ts';

export interface WorkerConfig {
  /** URL of the worker module (inference-worker.ts or its compiled .js); read by worker-bootstrap.mjs. */
  entry: string;
  engine: EngineName;
  modelDir: string;
  threads: number;
  /** Test/benchmark only: extra blocking sleep per inference inside the worker. */
  delayMs: number;
}

export type ToWorker = { type: 'predict'; id: number; inputs: TensorMap } | { type: 'crash' };

export type FromWorker =
  | { type: 'ready'; signature: ModelSignature }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; outputs: TensorMap }
  | { type: 'error'; id: number; name: string; message: string };

/** The ArrayBuffers of a tensor map, for a postMessage transfer list (views over part of a buffer are skipped). */
export function transferables(tensors: TensorMap): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const t of Object.values(tensors)) {
    const buf = t.data.buffer;
    if (buf instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === buf.byteLength) buffers.add(buf);
  }
  return [...buffers];
}
