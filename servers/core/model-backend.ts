/**
 * What a transport (REST web tier, gRPC server) needs from "the model": status, metadata
 * and predict. The in-process model service implements it over the engine pool; the gateway
 * implements it by forwarding to a remote model server.
 */
import type { ModelSignature, TensorMap } from '../engines/engine.ts';
import type { ServerTiming } from './server-timing.ts';

export type { ServerTiming };

export interface ModelRef {
  name: string;
  /** Requested version; undefined means the latest served version. */
  version?: string;
  /** Requested version label (gRPC); not supported by our servers beyond "stable"-less NOT_FOUND. */
  versionLabel?: string;
  /** Requested signature; undefined or "" means serving_default. */
  signatureName?: string;
}

export interface ModelVersionStatus {
  version: string;
  state: 'AVAILABLE' | 'LOADING' | 'UNLOADING' | 'END' | 'START' | 'UNKNOWN';
  errorCode: 'OK';
  errorMessage: string;
}

export interface ModelMetadata {
  name: string;
  version: string;
  signatureName: string;
  signature: ModelSignature;
}

export interface PredictCall {
  model: ModelRef;
  inputs: TensorMap;
  /** Output names to return; empty or undefined means all. */
  outputFilter?: string[];
  /** Aborted when the client is gone: queued work is cancelled, a running answer dropped. */
  signal?: AbortSignal;
}

export interface PredictResult {
  model: { name: string; version: string; signatureName: string };
  outputs: TensorMap;
  /** Timing measured by whoever ran the model (infer, and for a gateway the upstream's own). */
  timing: ServerTiming;
}

/** Admission counters and gauges, for the monitoring endpoint. */
export interface ServingStats {
  /** The queue bound (--max-queue). */
  maxQueue: number;
  /** Calls waiting for a worker now. */
  queued: number;
  /** Inferences running on workers now. */
  running: number;
  /** Predict calls admitted / refused (queue full) / whose caller went away, since start. */
  admitted: number;
  rejected: number;
  cancelled: number;
  /** Predict calls in progress (admitted and not yet answered). */
  inFlight: number;
  /** Inferences the workers ran since start; with batching, fewer than the calls they answered (0 where not counted). */
  inferences: number;
}

export interface ModelBackend {
  status(model: ModelRef): Promise<ModelVersionStatus[]>;
  metadata(model: ModelRef): Promise<ModelMetadata>;
  /** Signature used to decode requests before predict (for the named model). */
  signature(model: ModelRef): Promise<ModelSignature>;
  predict(call: PredictCall): Promise<PredictResult>;
  /**
   * Refuses (throws UNAVAILABLE, counted) when a predict call now would not be admitted, so a
   * transport can refuse before decoding the request. The bound is still enforced by predict().
   */
  checkAdmission?(): void;
  /** Admission counters, when this backend runs the model itself. */
  stats?(): ServingStats;
  close(): Promise<void>;
}
