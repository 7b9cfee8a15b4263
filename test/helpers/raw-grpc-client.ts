/** A grpc-js client whose methods send and receive raw bytes (for hand-encoded wire tests). */
import * as grpc from '@grpc/grpc-js';

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
