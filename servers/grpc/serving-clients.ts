/**
 * Clients for a TF-Serving-compatible gRPC server (PredictionService, ModelService, Health, and the
 * Open Inference Protocol's GRPCInferenceService)
 * sharing one channel, and a promise-returning unary call that also yields the trailing metadata.
 * Used by the gateway's forward backend, the tests and the benchmark.
 */
import * as grpc from '@grpc/grpc-js';
import { loadServingProtos } from './serving-protos.ts';

export interface ServingClients {
  prediction: grpc.Client;
  modelService: grpc.Client;
  health: grpc.Client;
  /** inference.GRPCInferenceService (the Open Inference Protocol). */
  inference: grpc.Client;
  close(): void;
}

/** Accepts `grpc://host:port` or a bare `host:port`. */
export function grpcTargetAddress(url: string): string {
  return url.startsWith('grpc://') ? url.slice('grpc://'.length).replace(/\/$/, '') : url;
}

export function createServingClients(url: string, maxMessageBytes: number, channelOptions: grpc.ChannelOptions = {}): ServingClients {
  const protos = loadServingProtos();
  const address = grpcTargetAddress(url);
  const credentials = grpc.credentials.createInsecure();
  const options: grpc.ClientOptions = {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.enable_channelz': 0,
    ...channelOptions,
  };
  const prediction = new protos.PredictionServiceClient(address, credentials, options);
  const shared = { ...options, channelOverride: prediction.getChannel() };
  const modelService = new protos.ModelServiceClient(address, credentials, shared);
  const health = new protos.HealthClient(address, credentials, shared);
  const inference = new protos.InferenceClient(address, credentials, shared);
  return {
    prediction,
    modelService,
    health,
    inference,
    close() {
      // All four share the channel; closing one closes it.
      prediction.close();
    },
  };
}

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

export interface UnaryResult<Res> {
  response: Res;
  trailers: grpc.Metadata;
}

/** One unary call; rejects with the grpc-js ServiceError (code, details, metadata = trailers). */
export function unaryCall<Res>(
  client: grpc.Client,
  method: string,
  request: unknown,
  metadata = new grpc.Metadata(),
  options: { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<UnaryResult<Res>> {
  const fn = (client as unknown as Record<string, UnaryMethod | undefined>)[method];
  if (!fn) return Promise.reject(new Error(`the client has no method ${method}`));
  return new Promise((resolve, reject) => {
    let error: grpc.ServiceError | null = null;
    let response: unknown;
    const callOptions: grpc.CallOptions = options.deadlineMs ? { deadline: Date.now() + options.deadlineMs } : {};
    const call = fn.call(client, request, metadata, callOptions, (err, res) => {
      error = err;
      response = res;
    });
    const cancel = () => call.cancel();
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    // grpc-js runs the callback first, then emits 'status' carrying the trailers.
    call.on('status', (status: grpc.StatusObject) => {
      options.signal?.removeEventListener('abort', cancel);
      if (error) reject(error);
      else resolve({ response: response as Res, trailers: status.metadata });
    });
  });
}
