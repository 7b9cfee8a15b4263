// bench:overload — open-model gRPC load: RATE Predict calls/s for DURATION, answers by status.
import grpc from 'k6/net/grpc';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'tensorflow_serving/apis/prediction_service.proto');
const request = {
  model_spec: { name: 'cifar10', signature_name: 'serving_default' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 1 }, { size: 32 }, { size: 32 }, { size: 3 }] }, tensor_content: open(__ENV.TENSOR_FILE) } },
};
export const options = {
  scenarios: {
    // CAPACITY_VUS set: a closed loop to find the capacity; else open-model arrivals at RATE/s.
    load: __ENV.CAPACITY_VUS
      ? { executor: 'constant-vus', vus: Number(__ENV.CAPACITY_VUS), duration: __ENV.DURATION }
      : { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE), timeUnit: '1s', duration: __ENV.DURATION, preAllocatedVUs: Number(__ENV.PRE_VUS || 200), maxVUs: Number(__ENV.MAX_VUS || 2000) },
  },
  thresholds: { 'grpc_req_duration{status:0}': [], 'grpc_req_duration{status:14}': [] },
  summaryTrendStats: ['med', 'p(99)', 'count'],
};
let connected = false;
export default async function () {
  if (!connected) client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  connected = true;
  await client.asyncInvoke('tensorflow.serving.PredictionService/Predict', request, { timeout: '30s' });
}
