// bench:loadgen — the gRPC Predict request with tensor_content, shared by both gRPC scripts.
import grpc from 'k6/net/grpc';

export const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'tensorflow_serving/apis/prediction_service.proto');
export const METHOD = 'tensorflow.serving.PredictionService/Predict';
export const request = {
  model_spec: { name: 'cifar10', signature_name: 'serving_default' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 1 }, { size: 32 }, { size: 32 }, { size: 3 }] }, tensor_content: open(__ENV.TENSOR_FILE) } },
};
let connected = false;
export function connect() {
  if (!connected) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  connected = true;
}
