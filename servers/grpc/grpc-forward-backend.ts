/**
 * A ModelBackend that forwards to a gRPC model server speaking TF Serving's API (our `grpc`
 * target or the real TF Serving) over one persistent channel. Used by the gateway target.
 *
 * - predict: inputs sent as float32 `tensor_content`; outputs read from tensor_content or
 *   float_val; `timing` holds `upstream`, the round trip in ms, with the upstream's own
 *   decode/queue/infer/encode from its trailing metadata nested inside it (`upstreamInfer`, ...;
 *   absent for a server that sends none, like TF Serving).
 * - metadata/signature: GetModelMetadata(signature_def); signatures are cached per model spec.
 * - status: GetModelStatus.
 * - errors: the upstream's gRPC status becomes a ServingError with the same canonical code
 *   (its retry pushback kept); an upstream that cannot be reached is UNAVAILABLE answered 502 by
 *   a REST front, one that does not answer within `upstreamTimeoutMs` is DEADLINE_EXCEEDED (504).
 *   The channel retries the connection every second at most, so a restarted upstream is used
 *   again within about a second, with no restart here.
 */
import { connectivityState, status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import type { ModelSignature } from '../engines/engine.ts';
import type { ModelBackend, ModelMetadata, ModelRef, ModelVersionStatus, PredictCall, PredictResult } from '../core/model-backend.ts';
import { nestUpstream } from '../core/server-timing.ts';
import { ServingError } from '../core/serving-error.ts';
import { fromGrpcError, RETRY_PUSHBACK_KEY } from './grpc-errors.ts';
import { toModelRef, toModelSpec, type ModelSpecObject } from './model-spec-codec.ts';
import { createServingClients, unaryCall, type UnaryResult } from './serving-clients.ts';
import { decodeModelMetadata, SIGNATURE_DEF_FIELD, type GetModelMetadataResponseObject } from './signature-codec.ts';
import { decodeTensorProto, encodeTensorProto, type TensorProtoObject } from './tensor-codec.ts';
import { timingFromMetadata } from './timing-metadata.ts';

export interface GrpcForwardOptions {
  /** Largest message sent or received, in bytes. */
  maxMessageBytes: number;
  /** Deadline of every upstream call, ms (default 10 s). */
  upstreamTimeoutMs?: number;
}

/** Reconnect quickly after the upstream went away (grpc-js would back off up to 2 minutes). */
const RECONNECT = { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 };

/** A failed call as a ServingError: the upstream's own status, or what went wrong getting there. */
function upstreamError(err: ServiceError, client: Client, url: string, timeoutMs: number): ServingError {
  if (err.code === GrpcStatus.DEADLINE_EXCEEDED) {
    return new ServingError('DEADLINE_EXCEEDED', `upstream model server ${url} did not answer within ${timeoutMs} ms (--upstream-timeout)`);
  }
  if (err.code === GrpcStatus.UNAVAILABLE && client.getChannel().getConnectivityState(false) !== connectivityState.READY) {
    return new ServingError('UNAVAILABLE', `upstream model server ${url} is unreachable: ${err.details}`, { httpStatus: 502 });
  }
  const serving = fromGrpcError(err);
  const [pushback] = err.metadata?.get(RETRY_PUSHBACK_KEY) ?? [];
  if (pushback === undefined) return serving;
  return new ServingError(serving.code, serving.message, { retryAfterSeconds: Math.max(1, Math.ceil(Number(pushback) / 1000)) });
}

const refKey = (ref: ModelRef) => JSON.stringify([ref.name, ref.version ?? '', ref.versionLabel ?? '', ref.signatureName ?? '']);

export function createGrpcForwardBackend(url: string, options: GrpcForwardOptions): ModelBackend {
  const clients = createServingClients(url, options.maxMessageBytes, RECONNECT);
  const { prediction, modelService } = clients;
  const timeoutMs = options.upstreamTimeoutMs ?? 10_000;

  /** One call with the upstream deadline; a failed call becomes a ServingError. */
  async function unary<Res>(client: Client, method: string, request: unknown, signal?: AbortSignal): Promise<UnaryResult<Res>> {
    try {
      return await unaryCall<Res>(client, method, request, undefined, { deadlineMs: timeoutMs, signal });
    } catch (err) {
      throw upstreamError(err as ServiceError, client, url, timeoutMs);
    }
  }
  const signatures = new Map<string, Promise<ModelMetadata>>();

  async function metadata(model: ModelRef): Promise<ModelMetadata> {
    const { response } = await unary<GetModelMetadataResponseObject>(prediction, 'GetModelMetadata', {
      model_spec: toModelSpec(model),
      metadata_field: [SIGNATURE_DEF_FIELD],
    });
    return decodeModelMetadata(response, model.signatureName);
  }

  return {
    metadata,

    signature(model: ModelRef): Promise<ModelSignature> {
      const key = refKey(model);
      let cached = signatures.get(key);
      if (!cached) {
        cached = metadata(model);
        signatures.set(key, cached);
        cached.catch(() => signatures.delete(key));
      }
      return cached.then((m) => m.signature);
    },

    async status(model: ModelRef): Promise<ModelVersionStatus[]> {
      const { response } = await unary<{
        model_version_status?: { version?: string; state?: ModelVersionStatus['state']; status?: { error_message?: string } }[];
      }>(modelService, 'GetModelStatus', { model_spec: toModelSpec(model) });
      return (response.model_version_status ?? []).map((s) => ({
        version: String(s.version ?? '0'),
        state: s.state ?? 'UNKNOWN',
        errorCode: 'OK',
        errorMessage: s.status?.error_message ?? '',
      }));
    },

    async predict(call: PredictCall): Promise<PredictResult> {
      const inputs: Record<string, TensorProtoObject> = {};
      for (const [name, tensor] of Object.entries(call.inputs)) inputs[name] = encodeTensorProto(tensor, 'tensor_content');
      const started = performance.now();
      const { response, trailers } = await unary<{ model_spec?: ModelSpecObject; outputs?: Record<string, TensorProtoObject> }>(
        prediction,
        'Predict',
        { model_spec: toModelSpec(call.model), inputs, output_filter: call.outputFilter ?? [] },
        call.signal,
      );
      const upstream = performance.now() - started;
      const outputs: PredictResult['outputs'] = {};
      for (const [name, proto] of Object.entries(response.outputs ?? {})) outputs[name] = decodeTensorProto(name, proto, 'output');
      const ref = response.model_spec ? toModelRef(response.model_spec) : call.model;
      return {
        model: { name: ref.name, version: ref.version ?? '', signatureName: ref.signatureName || 'serving_default' },
        outputs,
        timing: nestUpstream(timingFromMetadata(trailers), upstream),
      };
    },

    async close(): Promise<void> {
      clients.close();
    },
  };
}
