/**
 * Server-side batching, as TF Serving's `--enable_batching` does it: requests waiting for an
 * inference worker are joined along the batch dimension into one engine call, and the outputs
 * are split back, each request getting exactly its own rows. Pure functions; the worker pool
 * decides when to batch.
 */
import type { ModelSignature, Tensor, TensorMap } from './engine.ts';

export interface BatchingOptions {
  /** Most images (rows of the batch dimension) in one joined inference; TF Serving's max_batch_size. */
  maxBatchSize: number;
  /**
   * How long a waiting request may be held for others to join it while a worker is idle, in µs;
   * TF Serving's batch_timeout_micros. 0: never hold; batches form only from requests that queue
   * while every worker is busy.
   */
  timeoutMicros: number;
}

/** Rows of the batch dimension in one request's inputs. */
export const batchRows = (inputs: TensorMap): number => Object.values(inputs)[0]?.shape[0] ?? 0;

/** Whether a model can be batched: every input and output has a variable leading dimension. */
export function batchableSignature(signature: ModelSignature): boolean {
  return [...signature.inputs, ...signature.outputs].every((spec) => spec.shape.length > 0 && spec.shape[0] < 0);
}

const sameRowShape = (a: Tensor, b: Tensor) => a.shape.length === b.shape.length && a.shape.every((d, i) => i === 0 || d === b.shape[i]);

/** Whether `next` can join a batch that starts with `first` (same inputs, same non-batch dimensions). */
export function canJoin(first: TensorMap, next: TensorMap): boolean {
  const names = Object.keys(first);
  if (Object.keys(next).length !== names.length) return false;
  return names.every((name) => next[name] !== undefined && sameRowShape(first[name], next[name]));
}

/** Joins requests along the batch dimension (one new buffer per input). */
export function joinInputs(requests: readonly TensorMap[]): TensorMap {
  if (requests.length === 1) return requests[0];
  const joined: TensorMap = {};
  for (const name of Object.keys(requests[0])) {
    const parts = requests.map((r) => r[name]);
    const data = new Float32Array(parts.reduce((n, t) => n + t.data.length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part.data, offset);
      offset += part.data.length;
    }
    const rows = parts.reduce((n, t) => n + t.shape[0], 0);
    joined[name] = { data, shape: [rows, ...parts[0].shape.slice(1)] };
  }
  return joined;
}

/** Splits joined outputs back into one TensorMap per request, by each request's row count. */
export function splitOutputs(outputs: TensorMap, rows: readonly number[]): TensorMap[] {
  if (rows.length === 1) return [outputs];
  const total = rows.reduce((a, b) => a + b, 0);
  const results: TensorMap[] = rows.map(() => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.shape[0] !== total) {
      throw new Error(`batched output "${name}" has ${tensor.shape[0]} rows for ${total} joined input rows; cannot split it`);
    }
    const rowSize = total === 0 ? 0 : tensor.data.length / total;
    let row = 0;
    rows.forEach((n, i) => {
      // A copy, not a view: each answer owns (and may transfer) its buffer.
      results[i][name] = { data: tensor.data.slice(row * rowSize, (row + n) * rowSize), shape: [n, ...tensor.shape.slice(1)] };
      row += n;
    });
  }
  return results;
}
