/**
 * The standard gRPC health service (grpc.health.v1.Health: Check and Watch), so k6's
 * `client.healthCheck()` and grpc_health_probe work. Service "" and every served service
 * report SERVING until `shutdown()`, which reports NOT_SERVING and ends open Watch streams.
 */
import {
  status as GrpcStatus,
  type handleUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthService {
  implementation: UntypedServiceImplementation;
  shutdown(): void;
}

export function createHealthService(serviceNames: string[]): HealthService {
  const known = new Set(['', ...serviceNames]);
  const watchers = new Set<ServerWritableStream<{ service?: string }, { status: ServingStatus }>>();
  let serving = true;
  const statusOf = (service: string | undefined): ServingStatus =>
    !known.has(service ?? '') ? 'SERVICE_UNKNOWN' : serving ? 'SERVING' : 'NOT_SERVING';

  const Check: handleUnaryCall<{ service?: string }, { status: ServingStatus }> = (call, callback) => {
    const status = statusOf(call.request.service);
    if (status === 'SERVICE_UNKNOWN') {
      callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service "${call.request.service}"` });
    } else {
      callback(null, { status });
    }
  };

  const implementation: UntypedServiceImplementation = {
    Check,
    Watch(call: ServerWritableStream<{ service?: string }, { status: ServingStatus }>) {
      call.write({ status: statusOf(call.request.service) });
      if (!serving) return void call.end();
      watchers.add(call);
      call.on('cancelled', () => watchers.delete(call));
    },
  };

  return {
    implementation,
    shutdown() {
      serving = false;
      for (const call of watchers) {
        call.write({ status: statusOf(call.request.service) });
        call.end();
      }
      watchers.clear();
    },
  };
}
