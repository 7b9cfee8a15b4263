/**
 * Errors as TF Serving reports them: a canonical status code (shared by REST and gRPC)
 * and a message. REST renders `{"error": message}` with the mapped HTTP status; gRPC
 * sends the numeric code.
 */
export type StatusCodeName =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** gRPC numeric codes (grpc/status.h). */
export const GRPC_CODES: Record<StatusCodeName, number> = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
  INTERNAL: 13,
};

/** HTTP statuses as TF Serving's REST API maps canonical codes. */
export const HTTP_STATUS: Record<StatusCodeName, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 400,
  RESOURCE_EXHAUSTED: 413,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class ServingError extends Error {
  constructor(
    readonly code: StatusCodeName,
    message: string,
  ) {
    super(message);
    this.name = 'ServingError';
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
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
