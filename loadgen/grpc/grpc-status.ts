/**
 * The gRPC status constants `k6/net/grpc` exports (StatusOK … StatusUnauthenticated), with the
 * canonical gRPC code numbers, plus a code → canonical-name table for error texts.
 */

export const GRPC_STATUS = {
  StatusOK: 0,
  StatusCanceled: 1,
  StatusUnknown: 2,
  StatusInvalidArgument: 3,
  StatusDeadlineExceeded: 4,
  StatusNotFound: 5,
  StatusAlreadyExists: 6,
  StatusPermissionDenied: 7,
  StatusResourceExhausted: 8,
  StatusFailedPrecondition: 9,
  StatusAborted: 10,
  StatusOutOfRange: 11,
  StatusUnimplemented: 12,
  StatusInternal: 13,
  StatusUnavailable: 14,
  StatusDataLoss: 15,
  StatusUnauthenticated: 16,
} as const;

export type GrpcStatusName = keyof typeof GRPC_STATUS;

/** Code → name as gRPC spells it (`DEADLINE_EXCEEDED`), for messages; unknown codes → `Code(n)`. */
const CANONICAL = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

export function grpcStatusName(code: number): string {
  return CANONICAL[code] ?? `Code(${code})`;
}
