/** Architecture a: the web tier with the model in-process (engine worker pool in this process). */
import { createLocalModelService } from '../../core/local-model-service.ts';
import { startWebTier } from '../../rest/web-tier-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const model = await createLocalModelService(options);
  try {
    return await startWebTier(model, options);
  } catch (err) {
    await model.close();
    throw err;
  }
}
