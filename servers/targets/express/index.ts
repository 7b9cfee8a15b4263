/** Architecture b (the study's Flask role): an Express REST model server. */
import express, { type ErrorRequestHandler } from 'express';
import http from 'node:http';
import { createLocalModelService } from '../../core/local-model-service.ts';
import { createRestHandler, errorResponse } from '../../rest/rest-handler.ts';
import { listen } from '../../rest/listen.ts';
import { sendRest } from '../../rest/web-tier-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const model = await createLocalModelService(options);
  const handle = createRestHandler(model);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.raw({ type: () => true, limit: options.maxBodyBytes }));
  app.use(async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    sendRest(res, await handle({ method: req.method, url: req.originalUrl, body }));
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 400;
    const message = status === 413 ? `request body is larger than the limit of ${options.maxBodyBytes} bytes` : String(err?.message ?? err);
    sendRest(res, errorResponse(status, message));
  };
  app.use(onError);
  try {
    return await listen(http.createServer(app), options, 'http', () => model.close());
  } catch (err) {
    await model.close();
    throw err;
  }
}
