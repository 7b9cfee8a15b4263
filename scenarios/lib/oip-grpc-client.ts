/**
 * Open Inference Protocol gRPC client (inference.GRPCInferenceService: ModelReady, ModelInfer)
 * over our .proto file: inputs as typed `contents.fp32_contents` or as `raw_input_contents`
 * (base64 in k6's JSON form of the message); outputs read from `raw_output_contents` or the typed
 * contents, whichever the server sends.
 */
import grpc from 'k6/net/grpc';
import type { Config } from './config.ts';
import { float32FromBase64 } from './float32-bytes.ts';
import { field, grpcConnection, timingOf, type Msg } from './grpc-connection.ts';
import { INPUT_NAME, inputShape, OUTPUT_NAME } from './oip-payload.ts';
import { toRows, type PredictOutcome } from './outcome.ts';

const INFER = 'inference.GRPCInferenceService/ModelInfer';
const READY = 'inference.GRPCInferenceService/ModelReady';


/** The probabilities output's rows from a ModelInferResponse in protobuf JSON. */
function readOutput(message: Msg | null): number[][] | null {
  const outputs: Msg[] = field(message ?? undefined, 'outputs', 'outputs') ?? [];
  const index = outputs.findIndex((o) => o.name === OUTPUT_NAME);
  if (index < 0) return null;
  const shape = (outputs[index].shape as (string | number)[]).map(Number);
  const raws: string[] = field(message ?? undefined, 'rawOutputContents', 'raw_output_contents') ?? [];
  if (raws[index]) return toRows(float32FromBase64(raws[index]), shape);
  const typed: number[] | undefined = field(field(outputs[index], 'contents', 'contents'), 'fp32Contents', 'fp32_contents');
  return typed ? toRows(typed.map(Number), shape) : null;
}

/** Must be called in the init context (k6 loads .proto files only there). */
export function createOipGrpcClient(config: Config) {
  const conn = grpcConnection(config, ['inference/grpc_service.proto']);
  const { client, params } = conn;
  const raw = config.encoding === 'raw';
  const model: Msg = { model_name: config.modelName, ...(config.modelVersion ? { model_version: config.modelVersion } : {}) };
  const head = { name: INPUT_NAME, datatype: 'FP32', shape: inputShape(config) };

  function predict(body: string): PredictOutcome {
    conn.ensureConnected();
    const request = raw
      ? { ...model, inputs: [head], raw_input_contents: [body] }
      : { ...model, inputs: [{ ...head, contents: { fp32_contents: JSON.parse(body) as number[] } }] };
    const res = client.invoke(INFER, request, params);
    const timing = timingOf(res);
    if (res.status !== grpc.StatusOK) {
      return { ok: false, detail: `gRPC status ${res.status}: ${(res.error as Msg | null)?.message ?? ''}`, rows: null, timing };
    }
    const rows = readOutput(res.message as Msg | null);
    return { ok: true, detail: rows ? 'gRPC OK' : `gRPC OK without a readable ${OUTPUT_NAME} output`, rows, timing };
  }

  /** Connects within READY_TIMEOUT (at least 2 s) and asks ModelReady; returns an error or null. */
  function probe(): string | null {
    return conn.probe(() => {
      const res = client.invoke(READY, { name: config.modelName, version: config.modelVersion ?? '' }, { timeout: '10s', tags: { name: 'probe' } });
      if (res.status === grpc.StatusOK && (res.message as Msg | null)?.ready === true) return null;
      return `ModelReady(${config.modelName}) answered status ${res.status} ${JSON.stringify(res.message)}: ${(res.error as Msg | null)?.message ?? ''} (check MODEL_NAME)`;
    }, 'Is the server running? Set GRPC_ADDR to its host:port');
  }

  return { predict, probe };
}
