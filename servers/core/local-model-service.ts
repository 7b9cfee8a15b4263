/**
 * The model served in this process: one model version behind the engine worker pool,
 * answering status, metadata and predict as TF Serving does. Shared by every target
 * that serves the model itself (embedded, express, fastify, grpc). Its pool's queue is bounded by
 * the target's --max-queue.
 */
import path from 'node:path';
import { createInferencePool } from '../engines/worker-pool.ts';
import { resolveModelVersionDir, servedModelName } from '../model/model-dir.ts';
import type { TargetOptions } from '../targets/target.ts';
import { createModelService, type ModelService } from './model-service.ts';
import { resolveLimits } from './serving-limits.ts';

export async function createLocalModelService(options: TargetOptions): Promise<ModelService> {
  const versionDir = await resolveModelVersionDir(options.modelDir);
  const name = servedModelName(options);
  const version = /^\d+$/.test(path.basename(versionDir)) ? path.basename(versionDir) : '1';
  const pool = await createInferencePool({
    engine: options.engine,
    modelDir: versionDir,
    threads: options.threads,
    workers: options.workers,
    delayMs: options.delayMs,
    batching: options.batching,
    maxQueue: resolveLimits(options).maxQueue,
    // Decoded request tensors are fresh arrays nobody reads again: hand them over, no copy.
    transferInputs: true,
  });
  return createModelService({ name, version, signature: pool.signature }, pool, options.maxBatch);
}
