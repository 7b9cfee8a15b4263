/** A grpc-js client whose methods send and receive raw bytes (for hand-encoded wire tests). */
import { after, before } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { ModelBackend } from '../../servers/core/model-backend.ts';
import { startGrpcModelServer, type GrpcModelServer } from '../../servers/grpc/grpc-model-server.ts';
import { unaryCall } from '../../servers/grpc/serving-clients.ts';

const raw = (path: string) => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: (b: Buffer) => b,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Buffer) => b,
  responseDeserialize: (b: Buffer) => b,
});

/** `methods`: method name -> full path (`/package.Service/Method`). */
export function rawClientConstructor(methods: Record<string, string>, name: string): grpc.ServiceClientConstructor {
  return grpc.makeGenericClientConstructor(Object.fromEntries(Object.entries(methods).map(([m, path]) => [m, raw(path)])), name);
}

/**
 * Our gRPC model server over `backend` on 127.0.0.1 and a raw-bytes client of `methods` to it,
 * for the tests of one file: started before them, closed after. `call(method, bytes)` sends.
 */
export function rawServerAndClient(backend: ModelBackend, methods: Record<string, string>, name: string) {
  const RawClient = rawClientConstructor(methods, name);
  let server: GrpcModelServer | undefined;
  let client: grpc.Client | undefined;
  before(async () => {
    server = await startGrpcModelServer(backend, { host: '127.0.0.1', port: 0, maxMessageBytes: 1 << 20 });
    client = new RawClient(server.url.replace('grpc://', ''), grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await server?.close();
  });
  return {
    call: (method: string, request: Buffer, metadata?: grpc.Metadata) => unaryCall<Buffer>(client as grpc.Client, method, request, metadata),
  };
}
