/**
 * TF Serving's PredictionService (Predict, GetModelMetadata) and ModelService (GetModelStatus)
 * over any ModelBackend.
 *
 * Output encoding: outputs are sent as little-endian `tensor_content` unless the request carries
 * the metadata header `x-servebench-output-encoding: float_val`, which asks for `float_val`
 * (as TF Serving itself answers). Every Predict answer, success or error, carries the server's
 * decode / queue / infer / encode durations in trailing metadata (see timing-metadata.ts).
 * A call the client cancels (or whose deadline passes) cancels its queued inference.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ModelBackend, ServerTiming } from '../core/model-backend.ts';
import { invalidArgument } from '../core/serving-error.ts';
import type { TensorMap } from '../engines/engine.ts';
import { toGrpcError } from './grpc-errors.ts';
import { toModelRef, toModelSpec, type ModelSpecObject } from './model-spec-codec.ts';
import { encodeModelMetadata, SIGNATURE_DEF_FIELD } from './signature-codec.ts';
import { decodeTensorProto, encodeTensorProto, type OutputEncoding, type TensorProtoObject } from './tensor-codec.ts';
import { timingToMetadata } from './timing-metadata.ts';

export const OUTPUT_ENCODING_HEADER = 'x-servebench-output-encoding';

interface PredictRequestObject {
  model_spec?: ModelSpecObject;
  inputs?: Record<string, TensorProtoObject>;
  output_filter?: string[];
}

/** Time spent in grpc-js deserializing each Predict request, keyed by the decoded message. */
const deserializeMs = new WeakMap<object, number>();

/**
 * A method definition (Predict, OIP's ModelInfer) with two measurements hooked in: the protobuf
 * decode time of the request (added to `decode`, read back with requestDecodeMs), and responses
 * serialized by the handler itself (so `encode` includes protobuf encoding; a Buffer passes
 * through untouched).
 */
export function withTimedPredict(service: grpc.ServiceDefinition, method = 'Predict'): grpc.ServiceDefinition {
  const predict = service[method];
  return {
    ...service,
    [method]: {
      ...predict,
      requestDeserialize: (bytes: Buffer) => {
        const started = performance.now();
        const message = predict.requestDeserialize(bytes);
        deserializeMs.set(message, performance.now() - started);
        return message;
      },
      responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : predict.responseSerialize(value)),
    },
  };
}

function outputEncoding(metadata: grpc.Metadata): OutputEncoding {
  const [value] = metadata.get(OUTPUT_ENCODING_HEADER);
  if (value === undefined || value === 'tensor_content') return 'tensor_content';
  if (value === 'float_val') return 'float_val';
  throw invalidArgument(`${OUTPUT_ENCODING_HEADER} must be "tensor_content" or "float_val", got "${String(value)}"`);
}

/** The protobuf decode time of a request message decoded by a withTimedPredict method, ms. */
export const requestDecodeMs = (message: object): number => deserializeMs.get(message) ?? 0;

function decodeInputs(inputs: Record<string, TensorProtoObject> | undefined): TensorMap {
  const tensors: TensorMap = {};
  for (const [name, proto] of Object.entries(inputs ?? {})) tensors[name] = decodeTensorProto(name, proto);
  return tensors;
}

const CANCELLED = new Error('the client cancelled the call'); // one reason object: no DOMException per call

/** Aborted when the client cancels the call or its deadline passes. */
export function cancelSignal(call: grpc.ServerUnaryCall<unknown, unknown>): AbortSignal {
  const controller = new AbortController();
  if (call.cancelled) controller.abort(CANCELLED);
  else call.once('cancelled', () => controller.abort(CANCELLED));
  return controller.signal;
}

/** Runs a handler body and answers with its result, or with the error's canonical code. */
export function answer<Req, Res>(body: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    body(call).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcError(err)),
    );
  };
}

export function predictionServiceHandlers(backend: ModelBackend, predictService: grpc.ServiceDefinition): grpc.UntypedServiceImplementation {
  const serializeResponse = predictService.Predict.responseSerialize;

  const Predict: grpc.handleUnaryCall<PredictRequestObject, Buffer> = (call, callback) => {
    const started = performance.now();
    const timing: ServerTiming = {};
    (async () => {
      const request = call.request;
      const model = toModelRef(request.model_spec);
      const encoding = outputEncoding(call.metadata);
      backend.checkAdmission?.();
      const inputs = decodeInputs(request.inputs);
      timing.decode = requestDecodeMs(request) + performance.now() - started;
      const result = await backend.predict({ model, inputs, outputFilter: request.output_filter, signal: cancelSignal(call) });
      Object.assign(timing, result.timing);
      const encodeStarted = performance.now();
      const outputs: Record<string, TensorProtoObject> = {};
      for (const [name, tensor] of Object.entries(result.outputs)) outputs[name] = encodeTensorProto(tensor, encoding);
      const bytes = serializeResponse({ model_spec: toModelSpec(result.model), outputs });
      timing.encode = performance.now() - encodeStarted;
      return bytes;
    })().then(
      (bytes) => callback(null, bytes, timingToMetadata(timing)),
      (err: unknown) => callback(toGrpcError(err, timingToMetadata(timing))),
    );
  };

  const GetModelMetadata = answer<{ model_spec?: ModelSpecObject; metadata_field?: string[] }, unknown>(async (call) => {
    const model = toModelRef(call.request.model_spec);
    const fields = call.request.metadata_field ?? [];
    if (fields.length === 0) throw invalidArgument('GetModelMetadataRequest must specify at least one metadata_field');
    const unsupported = fields.find((field) => field !== SIGNATURE_DEF_FIELD);
    if (unsupported !== undefined) throw invalidArgument(`Metadata field ${unsupported} is not supported`);
    return encodeModelMetadata(await backend.metadata(model));
  });

  return { Predict, GetModelMetadata };
}

export function modelServiceHandlers(backend: ModelBackend): grpc.UntypedServiceImplementation {
  const GetModelStatus = answer<{ model_spec?: ModelSpecObject }, unknown>(async (call) => {
    const statuses = await backend.status(toModelRef(call.request.model_spec));
    return {
      model_version_status: statuses.map((s) => ({
        version: s.version,
        state: s.state,
        status: { error_code: s.errorCode, error_message: s.errorMessage },
      })),
    };
  });
  return { GetModelStatus };
}
