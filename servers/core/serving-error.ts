/**
 * Errors as TF Serving reports them: a canonical status code (shared by REST and gRPC)
 * and a message. REST renders `{"error": message}` with the mapped HTTP status; gRPC
 * sends the numeric code.
 */
export type StatusCodeName =
  | 'CANCELLED'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** gRPC numeric codes (grpc/status.h). */
export const GRPC_CODES: Record<StatusCodeName, number> = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
  INTERNAL: 13,
};

/** HTTP statuses as TF Serving's REST API maps canonical codes. */
export const HTTP_STATUS: Record<StatusCodeName, number> = {
  CANCELLED: 499,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 400,
  RESOURCE_EXHAUSTED: 413,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ServingErrorHints {
  /** HTTP status instead of the code's usual one (a gateway's 502 for an unreachable upstream). */
  httpStatus?: number;
  /** Seconds after which a retry may succeed (REST `Retry-After`, gRPC `grpc-retry-pushback-ms`). */
  retryAfterSeconds?: number;
}

export class ServingError extends Error {
  constructor(
    readonly code: StatusCodeName,
    message: string,
    readonly hints: ServingErrorHints = {},
  ) {
    super(message);
    this.name = 'ServingError';
  }
  get httpStatus(): number {
    return this.hints.httpStatus ?? HTTP_STATUS[this.code];
  }
  get grpcCode(): number {
    return GRPC_CODES[this.code];
  }
}

export const invalidArgument = (message: string) => new ServingError('INVALID_ARGUMENT', message);
export const notFound = (message: string) => new ServingError('NOT_FOUND', message);

/** Any thrown value as a ServingError (unknown failures become INTERNAL). */
export function toServingError(err: unknown): ServingError {
  if (err instanceof ServingError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ServingError('INTERNAL', message);
}
