/**
 * The harness baseline: speaks the same REST API and decodes requests like every other
 * target, but runs no model — each instance gets the same canned probabilities.
 * What it costs is what the harness (k6, HTTP, JSON) costs.
 */
import type { ModelSignature, TensorMap } from '../../engines/engine.ts';
import { createModelService } from '../../core/model-service.ts';
import { startWebTier } from '../../rest/web-tier-server.ts';
import { servedModelName } from '../../model/model-dir.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

/** The study's model signature, declared rather than read (there is no model here). */
export const CANNED_SIGNATURE: ModelSignature = {
  inputs: [{ name: 'images', dtype: 'float32', shape: [-1, 32, 32, 3] }],
  outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }],
};

const cannedEngine = {
  async predict(inputs: TensorMap): Promise<TensorMap> {
    const batch = inputs.images.shape[0];
    return { probabilities: { data: new Float32Array(batch * 10).fill(0.1), shape: [batch, 10] } };
  },
  async dispose(): Promise<void> {},
};

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const name = servedModelName(options);
  const service = createModelService({ name, version: '1', signature: CANNED_SIGNATURE }, cannedEngine, options.maxBatch);
  return startWebTier(service, options);
}
