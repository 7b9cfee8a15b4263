/**
 * The framework-agnostic REST API over a ModelBackend: TF Serving's (/v1/...) and the Open
 * Inference Protocol's (/v2/..., servers/oip/). Express, Fastify and the node:http web tier only
 * adapt their request/response objects to this one function.
 */
import type { ModelBackend } from '../core/model-backend.ts';
import { formatServerTiming } from '../core/server-timing.ts';
import { ServingError, toServingError } from '../core/serving-error.ts';
import { metadataBody, statusBody } from './model-bodies.ts';
import { decodePredictBody } from './predict-request-decoder.ts';
import { encodePredictResponse } from './predict-response-encoder.ts';
import { MONITORING_PATH, renderMetrics } from './monitoring.ts';
import { ROUTE_METHOD, matchRoute } from './rest-routes.ts';
import { handleOip } from '../oip/oip-rest-handler.ts';
import { isOipPath } from '../oip/oip-rest-routes.ts';

export interface RestRequest {
  method: string;
  /** Request target; any query string is ignored. */
  url: string;
  body?: Buffer;
  /** Request headers, lower-case names (the OIP binary extension reads Inference-Header-Content-Length). */
  headers?: Record<string, string | string[] | undefined>;
  /** Aborted when the client is gone (its queued inference is then cancelled). */
  signal?: AbortSignal;
}

export interface RestResponse {
  status: number;
  /** JSON text; raw bytes for an OIP binary-extension answer (its content type in `headers`). */
  body: string | Buffer;
  /** Server-Timing header value. */
  serverTiming: string;
  /** Extra headers (Retry-After, Connection: close, a content type other than JSON). */
  headers?: Record<string, string>;
}

export type RestHandler = (req: RestRequest) => Promise<RestResponse>;

export function errorResponse(status: number, message: string): RestResponse {
  return { status, body: JSON.stringify({ error: message }), serverTiming: '' };
}

export function createRestHandler(backend: ModelBackend): RestHandler {
  return async (req) => {
    const started = performance.now();
    let res: RestResponse;
    try {
      res = await handle(backend, req);
    } catch (err) {
      const e = toServingError(err);
      res = errorResponse(e.httpStatus, e.message);
      if (e.hints.retryAfterSeconds !== undefined) res.headers = { 'retry-after': String(e.hints.retryAfterSeconds) };
    }
    // Every answer carries Server-Timing; non-predict answers spend their time "decoding".
    if (!res.serverTiming) res.serverTiming = formatServerTiming({ decode: performance.now() - started, infer: 0, encode: 0 });
    return res;
  };
}

async function handle(backend: ModelBackend, req: RestRequest): Promise<RestResponse> {
  const pathname = req.url.split('?', 1)[0];
  if (pathname === MONITORING_PATH && req.method === 'GET' && backend.stats) {
    return { status: 200, body: renderMetrics(backend.stats()), serverTiming: '', headers: { 'content-type': 'text/plain; version=0.0.4' } };
  }
  if (isOipPath(pathname)) return handleOip(backend, req, pathname);
  const route = matchRoute(pathname);
  if (!route) return errorResponse(404, `Malformed request: ${req.method} ${pathname}`);
  const expected = ROUTE_METHOD[route.kind];
  if (req.method !== expected) {
    return errorResponse(405, `Method ${req.method} is not allowed on ${pathname}; use ${expected}`);
  }
  switch (route.kind) {
    case 'status':
      return ok(statusBody(await backend.status(route.model)));
    case 'metadata':
      return ok(metadataBody(await backend.metadata(route.model)));
    case 'classify':
    case 'regress':
      throw new ServingError('UNIMPLEMENTED', `:${route.kind} is not supported; use :predict`);
    case 'predict': {
      backend.checkAdmission?.(); // a full queue refuses before the body is decoded
      const t0 = performance.now();
      const signature = await backend.signature(route.model);
      const decoded = decodePredictBody(req.body ?? Buffer.alloc(0), signature);
      const model = { ...route.model, signatureName: decoded.signatureName };
      const t1 = performance.now();
      const result = await backend.predict({ model, inputs: decoded.inputs, signal: req.signal });
      const t2 = performance.now();
      const body = encodePredictResponse(result.outputs, decoded.format);
      const t3 = performance.now();
      // A forwarding backend's call is its `upstream` span (the upstream's parts nested inside),
      // never this server's `infer`; a local one reports its own queue and infer.
      const forwarded = result.timing.upstream !== undefined;
      const timing = { ...(forwarded ? {} : { infer: t2 - t1 }), ...result.timing, decode: t1 - t0, encode: t3 - t2 };
      return { status: 200, body, serverTiming: formatServerTiming(timing) };
    }
  }
}

export function ok(value: object): RestResponse {
  return { status: 200, body: JSON.stringify(value), serverTiming: '' };
}
