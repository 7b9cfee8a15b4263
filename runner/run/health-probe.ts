/**
 * Readiness: polls a target's health until it answers or the deadline passes (never a sleep
 * in place of a probe). REST: GET /v1/models/<model> -> 200 (an OIP server: /v2/models/<model>/ready;
 * over gRPC, inference ModelReady -> ready). gRPC: grpc.health.v1 Check -> SERVING;
 * a server without the health service (TF Serving itself answers UNIMPLEMENTED) is ready once
 * ModelService.GetModelStatus says a version of the model is AVAILABLE.
 */
import { request } from 'undici';

export interface ProbeOptions {
  modelName: string;
  deadlineMs: number;
  /** Stops waiting early (the target died). */
  abort?: AbortSignal;
  /** The API to probe: TF Serving's (default) or the Open Inference Protocol's (model ready). */
  api?: 'tfserving' | 'oip';
}

async function restReady(url: string, modelName: string, api: ProbeOptions['api']): Promise<boolean> {
  const path = api === 'oip' ? `/v2/models/${modelName}/ready` : `/v1/models/${modelName}`;
  const res = await request(`${url}${path}`, { headersTimeout: 2000, bodyTimeout: 2000 });
  await res.body.dump();
  return res.statusCode === 200;
}

const GRPC_UNIMPLEMENTED = 12;
const AVAILABLE = 30; // tensorflow.serving.ModelVersionStatus.State

async function grpcReady(url: string, modelName: string, api: ProbeOptions['api']): Promise<boolean> {
  const { createServingClients, unaryCall } = await import('../../servers/grpc/serving-clients.ts');
  const clients = createServingClients(url, 4 * 1024 * 1024);
  try {
    if (api === 'oip') return (await unaryCall<{ ready?: boolean }>(clients.inference, 'ModelReady', { name: modelName })).response.ready === true;
    try {
      const { response } = await unaryCall<{ status?: string | number }>(clients.health, 'Check', { service: '' });
      return response.status === 'SERVING' || response.status === 1;
    } catch (err) {
      if ((err as { code?: number }).code !== GRPC_UNIMPLEMENTED) throw err;
    }
    type Status = { model_version_status?: { state?: string | number }[] };
    const { response } = await unaryCall<Status>(clients.modelService, 'GetModelStatus', { model_spec: { name: modelName } });
    return (response.model_version_status ?? []).some((v) => v.state === 'AVAILABLE' || v.state === AVAILABLE);
  } finally {
    clients.close();
  }
}

/** Resolves when ready; rejects with the last problem once the deadline passes. */
export async function waitHealthy(url: string, options: ProbeOptions): Promise<void> {
  const until = Date.now() + options.deadlineMs;
  let last = 'no answer';
  for (let attempt = 0; ; attempt++) {
    if (options.abort?.aborted) throw new Error(`health probe stopped: ${String(options.abort.reason ?? 'aborted')}`);
    try {
      const ok = url.startsWith('grpc://') ? await grpcReady(url, options.modelName, options.api) : await restReady(url, options.modelName, options.api);
      if (ok) return;
      last = 'not ready yet';
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= until) throw new Error(`${url} not healthy within ${options.deadlineMs} ms (${last})`);
    // Back-off between probes (50 ms doubling to 500 ms): a poll interval, not a readiness sleep.
    await new Promise((r) => setTimeout(r, Math.min(500, 50 * 2 ** attempt)));
  }
}
