/**
 * A recording fake ModelBackend for wire tests (no model can answer hand-checked sums): a
 * [-1,2,2,1] float32 input `images`, a [-1,2] output `probabilities` holding sums of the input's
 * even and odd values per image, and the last predict call kept for inspection.
 */
import type { ModelBackend, PredictCall } from '../../servers/core/model-backend.ts';
import { notFound } from '../../servers/core/serving-error.ts';

export const SUMMING_SIGNATURE = {
  inputs: [{ name: 'images', dtype: 'float32' as const, shape: [-1, 2, 2, 1] }],
  outputs: [{ name: 'probabilities', dtype: 'float32' as const, shape: [-1, 2] }],
};

export function createSummingBackend(): ModelBackend & { lastCall?: PredictCall } {
  const known = (name: string) => {
    if (name !== 'cifar10') throw notFound(`no model ${name}`);
  };
  const backend: ModelBackend & { lastCall?: PredictCall } = {
    async status(model) {
      known(model.name);
      return [{ version: '1', state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' }];
    },
    async metadata(model) {
      known(model.name);
      return { name: 'cifar10', version: '1', signatureName: 'serving_default', signature: SUMMING_SIGNATURE };
    },
    async signature() {
      return SUMMING_SIGNATURE;
    },
    async predict(call) {
      backend.lastCall = call;
      known(call.model.name);
      const data = call.inputs.images.data;
      const batch = call.inputs.images.shape[0];
      const out = new Float32Array(batch * 2);
      for (let i = 0; i < data.length; i++) out[Math.floor(i / 4) * 2 + (i % 2)] += data[i];
      return { model: { name: 'cifar10', version: '1', signatureName: 'serving_default' }, outputs: { probabilities: { data: out, shape: [batch, 2] } }, timing: { infer: 0.5 } };
    },
    async close() {},
  };
  return backend;
}
