/** Architecture b (the study's Flask role): an Express REST model server. */
import express from 'express';
import { createLocalModelService } from '../../core/local-model-service.ts';
import { resolveLimits } from '../../core/serving-limits.ts';
import { createHttpServer } from '../../rest/http-server.ts';
import { createRestHandler } from '../../rest/rest-handler.ts';
import { listen } from '../../rest/listen.ts';
import { serveRest } from '../../rest/web-tier-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const limits = resolveLimits(options);
  const model = await createLocalModelService(options);
  const handle = createRestHandler(model);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // The body is read by the shared reader (limit, 413 without buffering, client gone), not express.raw.
  app.use((req, res) => serveRest(handle, req, res, { maxBodyBytes: options.maxBodyBytes, idleTimeoutMs: limits.idleTimeoutMs }));
  try {
    return await listen(createHttpServer(limits, app), { ...options, shutdownTimeoutMs: limits.shutdownTimeoutMs }, 'http', () => model.close());
  } catch (err) {
    await model.close();
    throw err;
  }
}
