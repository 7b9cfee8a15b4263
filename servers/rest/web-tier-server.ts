/**
 * The web tier: a plain node:http server speaking TF Serving's REST API and the Open Inference
 * Protocol's over any ModelBackend — the model in-process (embedded), a canned answer (null), or a
 * gRPC model server behind it (gateway over gRPC).
 */
import type http from 'node:http';
import type { ModelBackend } from '../core/model-backend.ts';
import { resolveLimits, type ServingLimits } from '../core/serving-limits.ts';
import type { RunningTarget } from '../targets/target.ts';
import { clientGoneSignal } from './client-gone.ts';
import { bodyErrorResponse, readBody } from './http-body.ts';
import { createHttpServer, holdAfterRefusal } from './http-server.ts';
import { type RestHandler, type RestResponse, createRestHandler } from './rest-handler.ts';
import { listen } from './listen.ts';

export interface WebTierOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  workers: number;
  limits?: Partial<ServingLimits>;
}

export async function startWebTier(backend: ModelBackend, options: WebTierOptions): Promise<RunningTarget> {
  const limits = resolveLimits(options);
  const handle = createRestHandler(backend);
  const server = createHttpServer(limits, (req, res) => void serveRest(handle, req, res, { ...options, ...limits }));
  return listen(server, { ...options, shutdownTimeoutMs: limits.shutdownTimeoutMs }, 'http', () => backend.close());
}

/** One request on node:http objects (the web tier, Express): body, handler, answer. */
export async function serveRest(
  handle: RestHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { maxBodyBytes, idleTimeoutMs }: { maxBodyBytes: number; idleTimeoutMs: number },
): Promise<void> {
  const signal = clientGoneSignal(req, res);
  let answer: RestResponse | undefined;
  try {
    const body = req.method === 'POST' ? await readBody(req, maxBodyBytes) : undefined;
    answer = await handle({ method: req.method ?? 'GET', url: req.url ?? '/', body, headers: req.headers, signal });
  } catch (err) {
    answer = bodyErrorResponse(err);
  }
  if (answer && !signal.aborted) sendRest(res, answer, idleTimeoutMs);
}

/** Writes the answer; after a refusal, holds the connection's next request (holdAfterRefusal). */
export function sendRest(res: http.ServerResponse, answer: RestResponse, idleTimeoutMs: number): void {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
    ...answer.headers,
  };
  if (answer.serverTiming) headers['server-timing'] = answer.serverTiming;
  res.writeHead(answer.status, headers).end(answer.body);
  if (answer.status === 503) holdAfterRefusal(res, answer.headers?.['retry-after'], idleTimeoutMs);
}
