/**
 * Target `grpc` (paper role d over gRPC): a Node gRPC model server speaking TF Serving's gRPC API
 * (PredictionService.Predict / GetModelMetadata, ModelService.GetModelStatus, grpc.health.v1)
 * over the same in-process model service and engine pool as the REST targets.
 * url: grpc://host:port. See servers/grpc/prediction-handlers.ts for the wire details.
 */
import { createLocalModelService } from '../../core/local-model-service.ts';
import { resolveLimits } from '../../core/serving-limits.ts';
import { startGrpcModelServer } from '../../grpc/grpc-model-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const limits = resolveLimits(options);
  const backend = await createLocalModelService(options);
  try {
    const server = await startGrpcModelServer(backend, {
      host: options.host,
      port: options.port,
      maxMessageBytes: options.maxBodyBytes,
      maxConcurrentStreams: limits.grpcMaxStreams,
      idleTimeoutMs: limits.idleTimeoutMs,
    });
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      close() {
        closing ??= server.close(limits.shutdownTimeoutMs).then(() => backend.close());
        return closing;
      },
    };
  } catch (err) {
    await backend.close();
    throw err;
  }
}
