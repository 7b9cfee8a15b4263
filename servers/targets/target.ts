/**
 * The target contract: every target folder exports `createServer(options)`, which starts
 * listening and resolves to a running target. Nothing listens on import.
 */
import type { EngineName } from '../engines/engine.ts';
import type { BatchingOptions } from '../engines/request-batching.ts';
import type { ServingLimits } from '../core/serving-limits.ts';
import { MODEL_NAME } from '../model/architecture.ts';

export interface TargetOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host: string;
  /** Port to bind; 0 picks a free one (tests). */
  port: number;
  /** Model base dir (with numeric version subdirs) or one version dir. */
  modelDir: string;
  /** Name the model is served under; defaults to the base dir's name (e.g. `cifar10`). */
  modelName?: string;
  engine: EngineName;
  /** Intra-op threads per engine instance. */
  threads: number;
  /** Inference worker threads. */
  workers: number;
  /** Largest batch accepted in one predict call. */
  maxBatch: number;
  /** Largest request body in bytes (REST: 413 above it; gRPC: max receive size). */
  maxBodyBytes: number;
  /** Gateway only: the model server to forward to (http://host:port or grpc://host:port). */
  upstream?: string;
  /** Test/benchmark only: extra sleep per inference, in ms, inside the worker. */
  delayMs?: number;
  /** Server-side batching of calls queued for the inference workers; off when absent. */
  batching?: BatchingOptions;
  /** Admission, timeouts and shutdown deadline; each absent field takes its default (core/serving-limits.ts). */
  limits?: Partial<ServingLimits>;
}

export interface RunningTarget {
  /** Base URL: http://host:port for REST targets, grpc://host:port for gRPC targets. */
  url: string;
  /** Stops accepting, lets admitted requests finish (up to the shutdown deadline), then frees everything. */
  close(): Promise<void>;
}

export type CreateServer = (options: TargetOptions) => Promise<RunningTarget>;

export const DEFAULT_TARGET_OPTIONS: Omit<TargetOptions, 'modelDir'> = {
  host: '127.0.0.1',
  port: 0,
  engine: 'onnxruntime',
  threads: 1,
  workers: 2,
  maxBatch: 64,
  maxBodyBytes: 32 * 1024 * 1024,
};

/** Where the study's model lives (generated on first use); absolute, so any cwd works. */
export const DEFAULT_MODEL_DIR = new URL(`../../models/${MODEL_NAME}`, import.meta.url).pathname;
