/**
 * A model answering status, metadata and predict as TF Serving does, over any engine (the
 * worker pool for served models; a canned engine for the null baseline). Admission is decided
 * here once for every target: a call the pool's full queue refuses is UNAVAILABLE (503) with a
 * retry hint, a call whose client went away is CANCELLED, and both are counted (stats()).
 */
import type { Engine, ModelSignature, RunOptions, TensorMap, TimedOutputs } from '../engines/engine.ts';
import { CancelledError, QueueFullError, queueFullMessage } from '../engines/pool-queue.ts';
import type {
  ModelBackend,
  ModelMetadata,
  ModelRef,
  ModelVersionStatus,
  PredictCall,
  PredictResult,
  ServingStats,
} from './model-backend.ts';
import { checkModelRef, selectOutputs } from './model-ref.ts';
import { createOverloadLog, type OverloadLog } from './overload-log.ts';
import { ServingError } from './serving-error.ts';
import { validateInputs } from './tensor-validation.ts';

export const DEFAULT_SIGNATURE_NAME = 'serving_default';

/** How long a refused client is told to wait before retrying, in seconds. */
export const RETRY_AFTER_SECONDS = 1;

export interface ServedModel {
  name: string;
  version: string;
  signature: ModelSignature;
}

export interface ModelService extends ModelBackend {
  readonly served: ServedModel;
  stats(): ServingStats;
}

/** What the service runs inference on: the pool (queued, timed, cancellable) or any plain engine. */
export type ServiceEngine = Pick<Engine, 'predict' | 'dispose'> & {
  run?(inputs: TensorMap, options?: RunOptions): Promise<TimedOutputs>;
  readonly queued?: number;
  readonly busy?: number;
  readonly maxQueue?: number;
  /** The pool's count of inferences run (a joined batch counts once). */
  readonly stats?: { readonly inferences: number };
  admits?(): boolean;
};

async function runTimed(engine: ServiceEngine, inputs: TensorMap, signal?: AbortSignal): Promise<TimedOutputs> {
  if (engine.run) return engine.run(inputs, { signal });
  const started = performance.now();
  const outputs = await engine.predict(inputs);
  return { outputs, queueMs: 0, inferMs: performance.now() - started };
}

/** One refusal error per bound, built once: refusing must cost far less than serving. */
const refusals = new Map<number, ServingError>();
function queueFull(limit: number): ServingError {
  let err = refusals.get(limit);
  if (!err) {
    err = new ServingError('UNAVAILABLE', `${queueFullMessage(limit)}; this server is overloaded, retry later`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
    refusals.set(limit, err);
  }
  return err;
}

function admissionError(err: unknown): unknown {
  if (err instanceof QueueFullError) return queueFull(err.limit);
  if (err instanceof CancelledError) return new ServingError('CANCELLED', err.message);
  return err;
}

/** A model service over any engine (the pool in production; tests may pass an engine directly). */
export function createModelService(
  served: ServedModel,
  engine: ServiceEngine,
  maxBatch: number,
  log: OverloadLog = createOverloadLog(),
): ModelService {
  const metadata: ModelMetadata = { ...served, signatureName: DEFAULT_SIGNATURE_NAME };
  const counts = { admitted: 0, rejected: 0, cancelled: 0 };
  let inFlight = 0;
  return {
    served,
    async status(model: ModelRef): Promise<ModelVersionStatus[]> {
      checkModelRef(model, served, { checkSignature: false });
      return [{ version: served.version, state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' }];
    },
    async metadata(model: ModelRef): Promise<ModelMetadata> {
      checkModelRef(model, served, { checkSignature: false });
      return metadata;
    },
    async signature(model: ModelRef): Promise<ModelSignature> {
      checkModelRef(model, served, { checkSignature: true });
      return served.signature;
    },
    async predict(call: PredictCall): Promise<PredictResult> {
      checkModelRef(call.model, served, { checkSignature: true });
      validateInputs(call.inputs, served.signature, maxBatch);
      const outputNames = selectOutputs(call.outputFilter, served.signature);
      inFlight++;
      let timed: TimedOutputs;
      try {
        timed = await runTimed(engine, call.inputs, call.signal);
        counts.admitted++;
      } catch (err) {
        if (err instanceof QueueFullError) {
          counts.rejected++;
          log.refused(err.limit);
        } else {
          counts.admitted++;
          if (err instanceof CancelledError) counts.cancelled++;
        }
        throw admissionError(err);
      } finally {
        inFlight--;
      }
      const outputs = Object.fromEntries(outputNames.map((n) => [n, timed.outputs[n]]));
      return {
        model: { name: served.name, version: served.version, signatureName: DEFAULT_SIGNATURE_NAME },
        outputs,
        timing: { queue: timed.queueMs, infer: timed.inferMs },
      };
    },
    checkAdmission() {
      if (!engine.admits || engine.admits()) return;
      counts.rejected++;
      const limit = engine.maxQueue ?? 0;
      log.refused(limit);
      throw queueFull(limit);
    },
    stats: () => ({
      maxQueue: engine.maxQueue ?? Number.POSITIVE_INFINITY,
      queued: engine.queued ?? 0,
      running: engine.busy ?? 0,
      ...counts,
      inFlight,
      inferences: engine.stats?.inferences ?? 0,
    }),
    close: () => engine.dispose(),
  };
}
