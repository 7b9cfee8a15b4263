/**
 * The one engine contract. Every inference backend (onnxruntime, tfjs-wasm, tfjs-node)
 * implements `Engine`; the worker pool implements it too, so targets never know whether
 * inference runs in-thread or in a pool of worker threads.
 */

/** Element types we move across the wire. Named as in TF Serving's DataType, minus the DT_ prefix. */
export type TensorDType = 'float32' | 'int32' | 'uint8' | 'int64' | 'float64';

export interface TensorSpec {
  /** Tensor name as the model declares it (e.g. `images`, `probabilities`). */
  name: string;
  dtype: TensorDType;
  /** Shape with -1 for dynamic dimensions; the first dimension is the batch. */
  shape: number[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** A batch of named tensors: flat row-major data plus the full shape (batch first). */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}
export type TensorMap = Record<string, Tensor>;

export interface EngineOptions {
  /** Directory holding one model version (e.g. `models/cifar10/1`). */
  modelDir: string;
  /** Intra-op threads for the engine (where it supports them). */
  threads: number;
}

export interface Engine {
  readonly name: EngineName;
  readonly signature: ModelSignature;
  /** Runs one batch. Inputs are float32 (converted by the codec); outputs are float32. */
  predict(inputs: TensorMap): Promise<TensorMap>;
  dispose(): Promise<void>;
}

/** Per-call options for a scheduled inference (the worker pool). */
export interface RunOptions {
  /** Aborted when the caller is gone: a queued call leaves the queue; a running call's answer is dropped. */
  signal?: AbortSignal;
}

/** An inference's outputs with where its time went, in ms: waiting for a worker, and on it. */
export interface TimedOutputs {
  outputs: TensorMap;
  queueMs: number;
  inferMs: number;
}

export const ENGINE_NAMES = ['onnxruntime', 'tfjs-wasm', 'tfjs-node'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
export const DEFAULT_ENGINE: EngineName = 'onnxruntime';

export function isEngineName(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}
