/**
 * The web tier: a plain node:http server speaking TF Serving's REST API over any
 * ModelBackend — the model in-process (embedded), a canned answer (null), or a gRPC
 * model server behind it (gateway over gRPC).
 */
import http from 'node:http';
import type { ModelBackend } from '../core/model-backend.ts';
import type { RunningTarget } from '../targets/target.ts';
import { BodyTooLargeError, readBody } from './http-body.ts';
import { type RestResponse, createRestHandler, errorResponse } from './rest-handler.ts';
import { listen } from './listen.ts';

export interface WebTierOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
}

export async function startWebTier(backend: ModelBackend, options: WebTierOptions): Promise<RunningTarget> {
  const handle = createRestHandler(backend);
  const server = http.createServer(async (req, res) => {
    let answer: RestResponse;
    try {
      const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : undefined;
      answer = await handle({ method: req.method ?? 'GET', url: req.url ?? '/', body });
    } catch (err) {
      answer =
        err instanceof BodyTooLargeError ? errorResponse(413, err.message) : errorResponse(400, `could not read request: ${(err as Error).message}`);
    }
    sendRest(res, answer);
  });
  return listen(server, options, 'http', () => backend.close());
}

export function sendRest(res: http.ServerResponse, answer: RestResponse): void {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
  };
  if (answer.serverTiming) headers['server-timing'] = answer.serverTiming;
  res.writeHead(answer.status, headers).end(answer.body);
}
