/**
 * Loads our TF Serving, health and Open Inference Protocol protos once (servers/protos/) for grpc-js, with the decoding
 * options every gRPC piece relies on: keepCase field names, int64 as decimal strings, bytes as
 * Buffer (so tensor_content is never copied into an array), no default values, oneof names.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

export const PROTO_DIR = fileURLToPath(new URL('../protos/', import.meta.url));

export const PROTO_FILES = [
  'tensorflow_serving/apis/prediction_service.proto',
  'tensorflow_serving/apis/model_service.proto',
  'grpc/health/v1/health.proto',
  'inference/grpc_service.proto',
];

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

export const SIGNATURE_DEF_MAP_TYPE_URL = 'type.googleapis.com/tensorflow.serving.SignatureDefMap';

export interface ServingProtos {
  predictionService: grpc.ServiceDefinition;
  modelService: grpc.ServiceDefinition;
  healthService: grpc.ServiceDefinition;
  /** The Open Inference Protocol's inference.GRPCInferenceService. */
  inferenceService: grpc.ServiceDefinition;
  /** Client constructors for the same services. */
  PredictionServiceClient: grpc.ServiceClientConstructor;
  ModelServiceClient: grpc.ServiceClientConstructor;
  HealthClient: grpc.ServiceClientConstructor;
  InferenceClient: grpc.ServiceClientConstructor;
  /** protobufjs type for the Any payload of GetModelMetadataResponse.metadata["signature_def"]. */
  signatureDefMap: protobuf.Type;
}

let cached: ServingProtos | undefined;

type GrpcTree = { [key: string]: GrpcTree | grpc.ServiceClientConstructor };

function lookupClient(tree: GrpcTree, path: string): grpc.ServiceClientConstructor {
  let node: GrpcTree | grpc.ServiceClientConstructor = tree;
  for (const part of path.split('.')) node = (node as GrpcTree)[part];
  if (typeof node !== 'function') throw new Error(`service ${path} missing from ${PROTO_DIR}`);
  return node;
}

export function loadServingProtos(): ServingProtos {
  if (cached) return cached;
  const definition = protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
  const tree = grpc.loadPackageDefinition(definition) as unknown as GrpcTree;
  const PredictionServiceClient = lookupClient(tree, 'tensorflow.serving.PredictionService');
  const ModelServiceClient = lookupClient(tree, 'tensorflow.serving.ModelService');
  const HealthClient = lookupClient(tree, 'grpc.health.v1.Health');
  const InferenceClient = lookupClient(tree, 'inference.GRPCInferenceService');
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target in protobuf.common ? target : PROTO_DIR + target);
  root.loadSync('tensorflow_serving/apis/get_model_metadata.proto', { keepCase: true });
  cached = {
    predictionService: PredictionServiceClient.service,
    modelService: ModelServiceClient.service,
    healthService: HealthClient.service,
    inferenceService: InferenceClient.service,
    PredictionServiceClient,
    ModelServiceClient,
    HealthClient,
    InferenceClient,
    signatureDefMap: root.lookupType('tensorflow.serving.SignatureDefMap'),
  };
  return cached;
}
