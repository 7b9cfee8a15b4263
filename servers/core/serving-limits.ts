/**
 * How much a target admits and how long it waits, in one place: the inference queue bound,
 * the HTTP header / body / idle timeouts, the gateway's upstream deadline, gRPC's concurrent
 * streams per connection, and the shutdown deadline. Defaults are what a user would expect of
 * a model server on a LAN; `servebench serve`/`run` flags override each (runner/serving-flags.ts).
 */
import type { BatchingOptions } from '../engines/request-batching.ts';

export interface ServingLimits {
  /** Most calls waiting for an inference worker; past it predict is refused (503 / UNAVAILABLE). Undefined: derived. */
  maxQueue?: number;
  /** Request headers must arrive within this (slowloris), ms. */
  headerTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this, ms. */
  bodyTimeoutMs: number;
  /** An idle kept-alive connection (HTTP/1.1 or gRPC) is closed after this, ms. */
  idleTimeoutMs: number;
  /** Gateway: an upstream call that takes longer is answered 504, ms. */
  upstreamTimeoutMs: number;
  /** gRPC: concurrent streams (calls) per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  grpcMaxStreams: number;
  /** On close (SIGTERM): admitted requests get this long to finish before connections are cut, ms. */
  shutdownTimeoutMs: number;
}

export type ResolvedLimits = Required<ServingLimits>;

export const DEFAULT_LIMITS: Omit<ServingLimits, 'maxQueue'> = {
  headerTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idleTimeoutMs: 65_000,
  upstreamTimeoutMs: 10_000,
  grpcMaxStreams: 128,
  shutdownTimeoutMs: 5_000,
};

/** Queued calls allowed per worker and per image a joined inference can take. */
export const QUEUE_DEPTH_PER_WORKER = 32;

/**
 * The default queue bound: 32 calls per worker (64 with the default 2 workers), times the
 * batch size when server-side batching joins queued calls. It admits the concurrency profile's
 * 32 closed-loop callers without a refusal and keeps the wait to about 32 inference times.
 */
export function defaultMaxQueue(workers: number, batching?: BatchingOptions): number {
  return QUEUE_DEPTH_PER_WORKER * Math.max(1, workers) * (batching ? batching.maxBatchSize : 1);
}

export function resolveLimits(options: { workers: number; batching?: BatchingOptions; limits?: Partial<ServingLimits> }): ResolvedLimits {
  const given = Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined));
  const limits = { ...DEFAULT_LIMITS, maxQueue: defaultMaxQueue(options.workers, options.batching), ...given } as ResolvedLimits;
  if (limits.headerTimeoutMs > limits.bodyTimeoutMs) {
    throw new Error(`the header timeout (${limits.headerTimeoutMs} ms) cannot exceed the body timeout (${limits.bodyTimeoutMs} ms), which covers the whole request`);
  }
  return limits;
}
