/**
 * The Open Inference Protocol's REST API over any ModelBackend, beside TF Serving's in the same
 * handler (rest/rest-handler.ts): health, server and model metadata, model readiness, and infer
 * (JSON or the binary tensor data extension). Inference takes the one path every front takes:
 * admission (a full queue refuses before the body is decoded), the backend's predict, its
 * validation; errors are `{"error": "..."}` with 400 / 404 / 503 as TF Serving's are.
 */
import type { ModelBackend } from '../core/model-backend.ts';
import { predictTiming } from '../core/predict-timing.ts';
import { formatServerTiming } from '../core/server-timing.ts';
import { errorResponse, ok, type RestRequest, type RestResponse } from '../rest/rest-handler.ts';
import { modelMetadata, serverMetadata } from './oip-metadata.ts';
import { decodeInferBody, encodeInferResponse, HEADER_LENGTH } from './oip-rest-infer.ts';
import { matchOipRoute, OIP_ROUTE_METHOD } from './oip-rest-routes.ts';
import { decodeOipInputs } from './oip-tensors.ts';

/** Health answers: the status code is the answer, the body is empty (as the protocol says). */
const HEALTHY: RestResponse = { status: 200, body: '', serverTiming: '', headers: { 'content-type': 'text/plain' } };

const header = (req: RestRequest, name: string): string | undefined => {
  const value = req.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
};

export async function handleOip(backend: ModelBackend, req: RestRequest, pathname: string): Promise<RestResponse> {
  const route = matchOipRoute(pathname);
  if (!route) return errorResponse(404, `Malformed request: ${req.method} ${pathname} is not an Open Inference Protocol path`);
  const expected = OIP_ROUTE_METHOD[route.kind];
  if (req.method !== expected) return errorResponse(405, `Method ${req.method} is not allowed on ${pathname}; use ${expected}`);
  const model = route.model ?? { name: '' };
  switch (route.kind) {
    case 'live':
    case 'ready':
      return { ...HEALTHY };
    case 'server-metadata':
      return ok(serverMetadata());
    case 'model-ready':
      await backend.status(model);
      return { ...HEALTHY };
    case 'model-metadata':
      return ok(modelMetadata(await backend.metadata(model)));
    case 'infer': {
      backend.checkAdmission?.();
      const started = performance.now();
      const signature = await backend.signature(model);
      const request = decodeInferBody(req.body ?? Buffer.alloc(0), header(req, HEADER_LENGTH));
      const inputs = decodeOipInputs(request.inputs, signature);
      const decoded = performance.now();
      const result = await backend.predict({ model, inputs, outputFilter: request.outputs, signal: req.signal });
      const predicted = performance.now();
      const { body, headers } = encodeInferResponse(result.model, request, result.outputs);
      const timing = predictTiming({ started, decoded, predicted, encoded: performance.now() }, result.timing);
      return { status: 200, body, serverTiming: formatServerTiming(timing), ...(headers ? { headers } : {}) };
    }
  }
}
