/** Architecture c (the study's FastAPI role): a Fastify REST model server. */
import Fastify from 'fastify';
import { createLocalModelService } from '../../core/local-model-service.ts';
import { formatHost } from '../../rest/listen.ts';
import { type RestResponse, createRestHandler, errorResponse } from '../../rest/rest-handler.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const model = await createLocalModelService(options);
  const handle = createRestHandler(model);
  const app = Fastify({ bodyLimit: options.maxBodyBytes, keepAliveTimeout: 65_000, logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const reply = (res: import('fastify').FastifyReply, answer: RestResponse) => {
    res.code(answer.status).header('content-type', 'application/json');
    if (answer.serverTiming) res.header('server-timing', answer.serverTiming);
    return res.send(answer.body);
  };
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, res) => {
    const status = err.statusCode ?? 400;
    const message = status === 413 ? `request body is larger than the limit of ${options.maxBodyBytes} bytes` : err.message;
    return reply(res, errorResponse(status, message));
  });
  app.all('/*', async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    return reply(res, await handle({ method: req.method, url: req.url, body }));
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await model.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${formatHost(options.host)}:${port}`,
    close: async () => {
      await app.close();
      await model.close();
    },
  };
}
