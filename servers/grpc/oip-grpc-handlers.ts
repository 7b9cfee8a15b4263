/**
 * The Open Inference Protocol's gRPC API (inference.GRPCInferenceService) over any ModelBackend,
 * beside TF Serving's services on the same server: ServerLive, ServerReady, ModelReady,
 * ServerMetadata, ModelMetadata and ModelInfer. ModelInfer takes inputs as typed `contents` or as
 * `raw_input_contents` (one little-endian entry per input) and answers the same way: raw in, raw
 * out (`raw_output_contents`); typed in, typed out (`contents.fp32_contents`). Inference takes the
 * one path every front takes (admission before decoding, the backend's predict and validation);
 * errors carry the canonical gRPC codes (INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE with retry
 * pushback) and every ModelInfer answer carries Server-Timing in trailing metadata.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ModelBackend, ModelRef } from '../core/model-backend.ts';
import { predictTiming } from '../core/predict-timing.ts';
import type { ServerTiming } from '../core/server-timing.ts';
import { invalidArgument, ServingError } from '../core/serving-error.ts';
import { contentsField } from '../oip/oip-datatypes.ts';
import { modelMetadata, serverMetadata } from '../oip/oip-metadata.ts';
import { decodeOipInputs, outputHead, rawOutput, type OipInput } from '../oip/oip-tensors.ts';
import { toGrpcError } from './grpc-errors.ts';
import { answer, cancelSignal, requestDecodeMs } from './prediction-handlers.ts';
import { timingToMetadata } from './timing-metadata.ts';

type Contents = Record<string, (number | string | boolean)[] | undefined>;

interface InferInputObject {
  name?: string;
  datatype?: string;
  shape?: (string | number)[];
  contents?: Contents;
}

interface ModelInferRequestObject {
  model_name?: string;
  model_version?: string;
  id?: string;
  inputs?: InferInputObject[];
  outputs?: { name?: string }[];
  raw_input_contents?: Buffer[];
}

function modelRef(name: string | undefined, version: string | undefined): ModelRef {
  if (!name) throw invalidArgument('the request names no model (model_name / name is empty)');
  return version ? { name, version } : { name };
}

function typedValues(input: InferInputObject): OipInput['values'] {
  const field = contentsField(input.datatype ?? '');
  const given = Object.keys(input.contents ?? {}).filter((k) => (input.contents?.[k]?.length ?? 0) > 0);
  if (field && given.length > 0 && !given.includes(field)) {
    throw invalidArgument(`input "${input.name}": ${input.datatype} data goes in contents.${field}, not ${given.join(', ')}`);
  }
  return { typed: (field && input.contents?.[field]) || [] };
}

/** The request's inputs in the protocol-neutral form; `raw` says whether they came as raw_input_contents. */
function inferInputs(request: ModelInferRequestObject): { inputs: OipInput[]; raw: boolean } {
  const given = request.inputs ?? [];
  const raws = request.raw_input_contents ?? [];
  if (given.length === 0) throw invalidArgument('the request has no inputs');
  const raw = raws.length > 0;
  if (raw && raws.length !== given.length) {
    throw invalidArgument(`raw_input_contents holds ${raws.length} entries for ${given.length} inputs; give one per input, in order`);
  }
  const inputs = given.map((input, i): OipInput => {
    if (raw && Object.keys(input.contents ?? {}).length > 0) {
      throw invalidArgument(`input "${input.name}" has contents, but the request uses raw_input_contents: give one or the other`);
    }
    return { name: input.name ?? '', datatype: input.datatype, shape: input.shape, values: raw ? { raw: raws[i] } : typedValues(input) };
  });
  return { inputs, raw };
}

export function inferenceServiceHandlers(backend: ModelBackend, service: grpc.ServiceDefinition): grpc.UntypedServiceImplementation {
  const serializeResponse = service.ModelInfer.responseSerialize;

  const ModelInfer: grpc.handleUnaryCall<ModelInferRequestObject, Buffer> = (call, callback) => {
    const started = performance.now();
    let timing: ServerTiming = {};
    (async () => {
      const request = call.request;
      const model = modelRef(request.model_name, request.model_version);
      backend.checkAdmission?.();
      const signature = await backend.signature(model);
      const { inputs, raw } = inferInputs(request);
      const tensors = decodeOipInputs(inputs, signature);
      const decoded = performance.now() + requestDecodeMs(request);
      const outputFilter = (request.outputs ?? []).map((o) => o.name ?? '');
      const result = await backend.predict({ model, inputs: tensors, outputFilter, signal: cancelSignal(call) });
      const predicted = performance.now();
      const entries = Object.entries(result.outputs);
      const outputs = entries.map(([name, tensor]) => (raw ? outputHead(name, tensor) : { ...outputHead(name, tensor), contents: { fp32_contents: Array.from(tensor.data) } }));
      const bytes = serializeResponse({
        model_name: result.model.name,
        model_version: result.model.version,
        id: request.id ?? '',
        outputs,
        ...(raw ? { raw_output_contents: entries.map(([, tensor]) => rawOutput(tensor)) } : {}),
      });
      timing = predictTiming({ started, decoded, predicted, encoded: performance.now() }, result.timing);
      return bytes;
    })().then(
      (bytes) => callback(null, bytes, timingToMetadata(timing)),
      (err: unknown) => callback(toGrpcError(err, timingToMetadata(timing))),
    );
  };

  return {
    ServerLive: answer(async () => ({ live: true })),
    ServerReady: answer(async () => ({ ready: true })),
    ServerMetadata: answer(async () => serverMetadata()),
    ModelReady: answer<{ name?: string; version?: string }, { ready: boolean }>(async (call) => {
      try {
        const statuses = await backend.status(modelRef(call.request.name, call.request.version));
        return { ready: statuses.some((s) => s.state === 'AVAILABLE') };
      } catch (err) {
        if (err instanceof ServingError && err.code === 'NOT_FOUND') return { ready: false };
        throw err;
      }
    }),
    ModelMetadata: answer<{ name?: string; version?: string }, unknown>(async (call) =>
      modelMetadata(await backend.metadata(modelRef(call.request.name, call.request.version))),
    ),
    ModelInfer,
  };
}
