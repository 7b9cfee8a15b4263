/**
 * The model served in this process: one model version behind the engine worker pool,
 * answering status, metadata and predict as TF Serving does. Shared by every target
 * that serves the model itself (embedded, express, fastify, grpc).
 */
import path from 'node:path';
import type { Engine, ModelSignature } from '../engines/engine.ts';
import { createInferencePool } from '../engines/worker-pool.ts';
import { modelNameFromDir, resolveModelVersionDir } from '../model/generate.ts';
import type { TargetOptions } from '../targets/target.ts';
import type { ModelBackend, ModelMetadata, ModelRef, ModelVersionStatus, PredictCall, PredictResult } from './model-backend.ts';
import { checkModelRef, selectOutputs } from './model-ref.ts';
import { validateInputs } from './tensor-validation.ts';

export const DEFAULT_SIGNATURE_NAME = 'serving_default';

export interface ServedModel {
  name: string;
  version: string;
  signature: ModelSignature;
}

export interface LocalModelService extends ModelBackend {
  readonly served: ServedModel;
}

export async function createLocalModelService(options: TargetOptions): Promise<LocalModelService> {
  const versionDir = await resolveModelVersionDir(options.modelDir);
  const name = options.modelName ?? modelNameFromDir(options.modelDir);
  const version = /^\d+$/.test(path.basename(versionDir)) ? path.basename(versionDir) : '1';
  const pool: Engine = await createInferencePool({
    engine: options.engine,
    modelDir: versionDir,
    threads: options.threads,
    workers: options.workers,
    delayMs: options.delayMs,
  });
  return createModelService({ name, version, signature: pool.signature }, pool, options.maxBatch);
}

/** A model service over any engine (the pool in production; tests may pass an engine directly). */
export function createModelService(
  served: ServedModel,
  engine: Pick<Engine, 'predict' | 'dispose'>,
  maxBatch: number,
): LocalModelService {
  const metadata: ModelMetadata = { ...served, signatureName: DEFAULT_SIGNATURE_NAME };
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
      const started = performance.now();
      const all = await engine.predict(call.inputs);
      const infer = performance.now() - started;
      const outputs = Object.fromEntries(outputNames.map((n) => [n, all[n]]));
      return {
        model: { name: served.name, version: served.version, signatureName: DEFAULT_SIGNATURE_NAME },
        outputs,
        timing: { infer },
      };
    },
    close: () => engine.dispose(),
  };
}
