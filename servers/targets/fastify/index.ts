/** Architecture c (the study's FastAPI role): a Fastify REST model server. */
import Fastify, { type FastifyReply } from 'fastify';
import { createLocalModelService } from '../../core/local-model-service.ts';
import { resolveLimits } from '../../core/serving-limits.ts';
import { clientGoneSignal } from '../../rest/client-gone.ts';
import { bodyErrorResponse, readBody } from '../../rest/http-body.ts';
import { createHttpServer, drainHttpServer, holdAfterRefusal } from '../../rest/http-server.ts';
import { formatHost } from '../../rest/listen.ts';
import { type RestResponse, createRestHandler, errorResponse } from '../../rest/rest-handler.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const limits = resolveLimits(options);
  const model = await createLocalModelService(options);
  const handle = createRestHandler(model);
  // Fastify runs on the shared node:http server, so its timeouts are every REST target's.
  const app = Fastify({ logger: false, serverFactory: (handler) => createHttpServer(limits, handler) });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    readBody(payload, options.maxBodyBytes).then((body) => done(null, body), (err: Error) => done(err, undefined));
  });
  const reply = (res: FastifyReply, answer: RestResponse) => {
    res.code(answer.status).header('content-type', 'application/json');
    if (answer.serverTiming) res.header('server-timing', answer.serverTiming);
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.header(name, value);
    const sent = res.send(answer.body);
    if (answer.status === 503) holdAfterRefusal(res.raw, answer.headers?.['retry-after'], limits.idleTimeoutMs);
    return sent;
  };
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, res) => {
    // Fastify's own errors carry their status; the body reader's are 413, 400 or (client gone) nothing.
    if (err.statusCode) return reply(res, errorResponse(err.statusCode, err.message));
    return reply(res, bodyErrorResponse(err) ?? errorResponse(400, err.message));
  });
  app.all('/*', async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    return reply(res, await handle({ method: req.method, url: req.url, body, headers: req.headers, signal: clientGoneSignal(req.raw, res.raw) }));
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await model.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(options.host)}:${port}`,
    close() {
      closing ??= drainHttpServer(app.server, limits.shutdownTimeoutMs, () => app.close()).then(() => model.close());
      return closing;
    },
  };
}
