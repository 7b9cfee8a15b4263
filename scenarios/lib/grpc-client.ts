/**
 * TF Serving gRPC client (PredictionService/Predict, ModelService/GetModelStatus) over our
 * .proto files. Inputs travel as `tensor_content` (base64 in k6's JSON form of the message);
 * outputs are read from `tensor_content` (little-endian float32) or `float_val`.
 */
import grpc from 'k6/net/grpc';
import encoding from 'k6/encoding';
import type { Config } from './config.ts';
import { field, grpcConnection, timingOf, type Msg } from './grpc-connection.ts';
import { toRows, type PredictOutcome } from './outcome.ts';

const PREDICT = 'tensorflow.serving.PredictionService/Predict';
const STATUS = 'tensorflow.serving.ModelService/GetModelStatus';
const OUTPUT = 'probabilities';

export function decodeTensor(t: Msg | undefined): { flat: ArrayLike<number>; shape: number[] } | null {
  if (!t) return null;
  const dims: Msg[] = field(field(t, 'tensorShape', 'tensor_shape'), 'dim', 'dim') ?? [];
  const shape = dims.map((d) => Number(d.size));
  const content: string | undefined = field(t, 'tensorContent', 'tensor_content');
  if (content) {
    const view = new DataView(encoding.b64decode(content, 'std'));
    const flat = new Float32Array(view.byteLength / 4);
    for (let i = 0; i < flat.length; i++) flat[i] = view.getFloat32(i * 4, true);
    return { flat, shape };
  }
  const floats: number[] | undefined = field(t, 'floatVal', 'float_val');
  return floats ? { flat: floats.map(Number), shape } : null;
}

/** Must be called in the init context (k6 loads .proto files only there). */
export function createGrpcClient(config: Config) {
  const conn = grpcConnection(config, ['tensorflow_serving/apis/prediction_service.proto', 'tensorflow_serving/apis/model_service.proto']);
  const { client, params } = conn;
  const modelSpec: Msg = { name: config.modelName, signature_name: config.signatureName };
  // google.protobuf.Int64Value in protobuf JSON (how k6 encodes messages) is the bare value, as a string.
  if (config.modelVersion) modelSpec.version = String(config.modelVersion);
  const shape = [config.batch, ...config.inputShape].map((size) => ({ size }));
  function predict(tensorContent: string): PredictOutcome {
    conn.ensureConnected();
    const res = client.invoke(
      PREDICT,
      { model_spec: modelSpec, inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: shape }, tensor_content: tensorContent } } },
      params,
    );
    const timing = timingOf(res);
    if (res.status !== grpc.StatusOK) {
      const err = res.error as Msg | null;
      return { ok: false, detail: `gRPC status ${res.status}: ${err?.message ?? ''}`, rows: null, timing };
    }
    const tensor = decodeTensor(field(res.message as Msg, 'outputs', 'outputs')?.[OUTPUT]);
    const rows = tensor ? toRows(tensor.flat, tensor.shape) : null;
    return { ok: true, detail: rows ? 'gRPC OK' : `gRPC OK without a readable ${OUTPUT} tensor`, rows, timing };
  }

  /** Connects within READY_TIMEOUT (at least 2 s) and asks GetModelStatus; returns an error or null. */
  function probe(): string | null {
    return conn.probe(() => {
      const res = client.invoke(STATUS, { model_spec: { name: config.modelName } }, { timeout: '10s', tags: { name: 'probe' } });
      if (res.status === grpc.StatusOK || res.status === grpc.StatusUnimplemented) return null;
      return `GetModelStatus(${config.modelName}) failed with gRPC status ${res.status}: ${(res.error as Msg | null)?.message ?? ''} (check MODEL_NAME)`;
    }, 'Is the target running? Set GRPC_ADDR to its host:port');
  }

  return { predict, probe };
}
