/**
 * A model answering status, metadata and predict as TF Serving does, over any engine
 * (the worker pool for served models; a canned engine for the null baseline).
 */
import type { Engine, ModelSignature } from '../engines/engine.ts';
import type { ModelBackend, ModelMetadata, ModelRef, ModelVersionStatus, PredictCall, PredictResult } from './model-backend.ts';
import { checkModelRef, selectOutputs } from './model-ref.ts';
import { validateInputs } from './tensor-validation.ts';

export const DEFAULT_SIGNATURE_NAME = 'serving_default';

export interface ServedModel {
  name: string;
  version: string;
  signature: ModelSignature;
}

export interface ModelService extends ModelBackend {
  readonly served: ServedModel;
}

/** A model service over any engine (the pool in production; tests may pass an engine directly). */
export function createModelService(
  served: ServedModel,
  engine: Pick<Engine, 'predict' | 'dispose'>,
  maxBatch: number,
): ModelService {
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
