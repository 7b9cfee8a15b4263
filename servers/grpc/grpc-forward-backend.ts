/**
 * A ModelBackend that forwards to a gRPC model server speaking TF Serving's API (our `grpc`
 * target or the real TF Serving) over one persistent channel. Used by the gateway target.
 *
 * - predict: inputs sent as float32 `tensor_content`; outputs read from tensor_content or
 *   float_val; `timing` holds the upstream's own decode/infer/encode from its trailing metadata
 *   (absent for a server that sends none, like TF Serving) plus `upstream`, the round trip in ms.
 * - metadata/signature: GetModelMetadata(signature_def); signatures are cached per model spec.
 * - status: GetModelStatus.
 * - errors: the upstream's gRPC status becomes a ServingError with the same canonical code.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ModelSignature } from '../engines/engine.ts';
import type { ModelBackend, ModelMetadata, ModelRef, ModelVersionStatus, PredictCall, PredictResult } from '../core/model-backend.ts';
import { fromGrpcError } from './grpc-errors.ts';
import { toModelRef, toModelSpec, type ModelSpecObject } from './model-spec-codec.ts';
import { createServingClients, unaryCall, type UnaryResult } from './serving-clients.ts';
import { decodeModelMetadata, SIGNATURE_DEF_FIELD, type GetModelMetadataResponseObject } from './signature-codec.ts';
import { decodeTensorProto, encodeTensorProto, type TensorProtoObject } from './tensor-codec.ts';
import { timingFromMetadata } from './timing-metadata.ts';

export interface GrpcForwardOptions {
  /** Largest message sent or received, in bytes. */
  maxMessageBytes: number;
}

/** One call; a failed call becomes a ServingError with the upstream's canonical code. */
async function unary<Res>(client: grpc.Client, method: string, request: unknown): Promise<UnaryResult<Res>> {
  try {
    return await unaryCall<Res>(client, method, request);
  } catch (err) {
    throw fromGrpcError(err as grpc.ServiceError);
  }
}

const refKey = (ref: ModelRef) => JSON.stringify([ref.name, ref.version ?? '', ref.versionLabel ?? '', ref.signatureName ?? '']);

export function createGrpcForwardBackend(url: string, options: GrpcForwardOptions): ModelBackend {
  const clients = createServingClients(url, options.maxMessageBytes);
  const { prediction, modelService } = clients;
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
      );
      const upstream = performance.now() - started;
      const outputs: PredictResult['outputs'] = {};
      for (const [name, proto] of Object.entries(response.outputs ?? {})) outputs[name] = decodeTensorProto(name, proto, 'output');
      const ref = response.model_spec ? toModelRef(response.model_spec) : call.model;
      return {
        model: { name: ref.name, version: ref.version ?? '', signatureName: ref.signatureName || 'serving_default' },
        outputs,
        timing: { ...timingFromMetadata(trailers), upstream },
      };
    },

    async close(): Promise<void> {
      clients.close();
    },
  };
}
