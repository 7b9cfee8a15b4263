/** ServingError <-> gRPC status, keeping TF Serving's canonical code on both sides of the wire. */
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { GRPC_CODES, ServingError, toServingError, type StatusCodeName } from '../core/serving-error.ts';

export interface GrpcErrorLike {
  code: number;
  details: string;
  metadata: Metadata;
}

/** Trailer telling gRPC clients (with a retry policy) how long to wait before retrying. */
export const RETRY_PUSHBACK_KEY = 'grpc-retry-pushback-ms';

export function toGrpcError(err: unknown, metadata = new Metadata()): Partial<ServiceError> {
  const serving = toServingError(err);
  const retryAfter = serving.hints.retryAfterSeconds;
  if (retryAfter !== undefined) metadata.set(RETRY_PUSHBACK_KEY, String(retryAfter * 1000));
  return { code: serving.grpcCode, details: serving.message, metadata };
}

const BY_NUMBER = new Map<number, StatusCodeName>(
  (Object.entries(GRPC_CODES) as [StatusCodeName, number][]).map(([name, code]) => [code, name]),
);

/** A failed client call as a ServingError with the same canonical code (unknown codes: the closest). */
export function fromGrpcError(err: { code?: number; details?: string; message?: string }): ServingError {
  const code = err.code ?? GrpcStatus.UNKNOWN;
  const name = BY_NUMBER.get(code) ?? 'INTERNAL';
  return new ServingError(name, err.details || err.message || `gRPC status ${code}`);
}
