/**
 * Reads a node:http request body into one Buffer, up to a limit. A body above the limit
 * (declared, or chunked and counted as it comes) is refused with 413 as soon as the limit is
 * passed: nothing more is kept, and the answer closes the connection so the rest is never read.
 * A client that goes away mid-body rejects the read (ClientGoneError), so nothing waits on it.
 */
import type { IncomingMessage } from 'node:http';
import { errorResponse, type RestResponse } from './rest-handler.ts';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than the limit of ${limit} bytes`);
  }
}

export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before its request body was complete');
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: () => Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(err());
    };
    const gone = () => new ClientGoneError();
    req.on('data', (chunk: Buffer) => {
      if (settled) return; // past the limit: dropped until the 413 closes the connection
      size += chunk.length;
      if (size > limit) return fail(() => new BodyTooLargeError(limit));
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', () => fail(gone));
    req.on('close', () => fail(gone)); // after 'end' too: then a no-op
  });
}

/**
 * The answer to a failed body read: 413 (closing the connection) above the limit, nothing for a
 * client that is gone, 400 otherwise.
 */
export function bodyErrorResponse(err: unknown): RestResponse | undefined {
  if (err instanceof ClientGoneError) return undefined;
  if (err instanceof BodyTooLargeError) return { ...errorResponse(413, err.message), headers: { connection: 'close' } };
  return errorResponse(400, `could not read request: ${(err as Error).message}`);
}
