/**
 * The worker pool's admission queue: a FIFO of calls waiting for an inference worker, bounded
 * (a call past the bound is refused at once with QueueFullError, as TF Serving refuses when its
 * batching queue is full) and cancellable (a call whose caller is gone leaves the queue).
 */
import type { TensorMap, TimedOutputs } from './engine.ts';
import { batchRows } from './request-batching.ts';

export const queueFullMessage = (limit: number) => `the inference queue is full (${limit} calls already waiting for a worker)`;

export class QueueFullError extends Error {
  constructor(readonly limit: number) {
    super(queueFullMessage(limit));
    this.name = 'QueueFullError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('the caller went away; the inference was cancelled');
    this.name = 'CancelledError';
  }
}

export interface Job {
  inputs: TensorMap;
  /** performance.now() when queued, and when handed to a worker. */
  queuedAt: number;
  dispatchedAt: number;
  /** Each settles the caller's promise once; later calls are ignored (a dropped answer). */
  resolve(outputs: TensorMap): void;
  reject(err: Error): void;
}

export interface QueueCounts {
  /** Calls admitted into the queue. */
  admitted: number;
  /** Calls refused because the queue was full. */
  rejected: number;
  /** Calls whose caller went away before they were answered. */
  cancelled: number;
}

export class PoolQueue {
  private readonly jobs: Job[] = [];
  readonly counts: QueueCounts = { admitted: 0, rejected: 0, cancelled: 0 };

  /** `idleWorkers()`: workers free to take a call now (a call they take at once never waits). */
  constructor(
    readonly limit: number,
    private readonly idleWorkers: () => number = () => 0,
  ) {}

  /** Whether a call would be admitted now: it would wait behind fewer than `limit` others, or not wait at all. */
  hasRoom(): boolean {
    return this.jobs.length < this.limit || this.jobs.length < this.idleWorkers();
  }

  get length(): number {
    return this.jobs.length;
  }
  first(): Job | undefined {
    return this.jobs[0];
  }
  shift(): Job | undefined {
    return this.jobs.shift();
  }
  /** Rows of the batch dimension waiting, over every queued call. */
  rows(): number {
    return this.jobs.reduce((n, j) => n + batchRows(j.inputs), 0);
  }
  /** Empties the queue, rejecting every waiting call with `err`. */
  clear(err: Error): void {
    for (const job of this.jobs.splice(0)) job.reject(err);
  }

  /** Admits a call (or throws QueueFullError); the promise settles with its timed outputs. */
  enqueue(inputs: TensorMap, signal: AbortSignal | undefined, onQueued: () => void): Promise<TimedOutputs> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (!this.hasRoom()) {
      this.counts.rejected++;
      return Promise.reject(new QueueFullError(this.limit));
    }
    this.counts.admitted++;
    return new Promise<TimedOutputs>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        const at = this.jobs.indexOf(job);
        if (at !== -1) this.jobs.splice(at, 1); // still waiting: it never reaches a worker
        this.counts.cancelled++;
        finish(() => reject(new CancelledError())); // on a worker: its answer is dropped
      };
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const job: Job = {
        inputs,
        queuedAt: performance.now(),
        dispatchedAt: 0,
        resolve: (outputs) => {
          const now = performance.now();
          finish(() => resolve({ outputs, queueMs: job.dispatchedAt - job.queuedAt, inferMs: now - job.dispatchedAt }));
        },
        reject: (err) => finish(() => reject(err)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.push(job);
      onQueued();
    });
  }
}
