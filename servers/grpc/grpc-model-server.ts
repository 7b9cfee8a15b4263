/**
 * A gRPC server speaking TF Serving's API (PredictionService, ModelService), the Open Inference
 * Protocol's (inference.GRPCInferenceService) and the standard health service, over any ModelBackend. Message size limits apply both ways (a request above
 * `maxMessageBytes` is answered RESOURCE_EXHAUSTED by grpc-js); each connection may carry at most
 * `maxConcurrentStreams` calls at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS: clients queue the
 * rest), and a connection idle for `idleTimeoutMs` is closed (GOAWAY).
 */
import * as grpc from '@grpc/grpc-js';
import type { ModelBackend } from '../core/model-backend.ts';
import { createHealthService } from './health-service.ts';
import { inferenceServiceHandlers } from './oip-grpc-handlers.ts';
import { modelServiceHandlers, predictionServiceHandlers, withTimedPredict } from './prediction-handlers.ts';
import { loadServingProtos } from './serving-protos.ts';

export interface GrpcModelServerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  maxConcurrentStreams?: number;
  idleTimeoutMs?: number;
}

export interface GrpcModelServer {
  url: string;
  port: number;
  /** Stops accepting calls, lets in-flight calls finish (forcing them after `graceMs`), closes nothing else. */
  close(graceMs?: number): Promise<void>;
}

export const SERVED_SERVICES = ['tensorflow.serving.PredictionService', 'tensorflow.serving.ModelService', 'inference.GRPCInferenceService'];

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function startGrpcModelServer(backend: ModelBackend, options: GrpcModelServerOptions): Promise<GrpcModelServer> {
  const protos = loadServingProtos();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': options.maxMessageBytes,
    // channelz bookkeeping costs CPU on every call and nothing here reads it.
    'grpc.enable_channelz': 0,
    ...(options.maxConcurrentStreams ? { 'grpc.max_concurrent_streams': options.maxConcurrentStreams } : {}),
    ...(options.idleTimeoutMs ? { 'grpc.max_connection_idle_ms': options.idleTimeoutMs } : {}),
  });
  const predictionService = withTimedPredict(protos.predictionService);
  const health = createHealthService(SERVED_SERVICES);
  server.addService(predictionService, predictionServiceHandlers(backend, predictionService));
  server.addService(protos.modelService, modelServiceHandlers(backend));
  server.addService(protos.healthService, health.implementation);
  const inferenceService = withTimedPredict(protos.inferenceService, 'ModelInfer');
  server.addService(inferenceService, inferenceServiceHandlers(backend, inferenceService));

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort(options.host, options.port), grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });

  let closed: Promise<void> | undefined;
  return {
    url: `grpc://${hostPort(options.host, port)}`,
    port,
    close(graceMs = 5000) {
      closed ??= new Promise<void>((resolve) => {
        health.shutdown();
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closed;
    },
  };
}
