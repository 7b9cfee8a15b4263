/**
 * One unary gRPC call on an HTTP/2 session (the gRPC-over-HTTP/2 wire protocol, directly on
 * node:http2): the request as one length-prefixed message, metadata as headers (`-bin` values
 * base64), the timeout as `grpc-timeout` plus a local deadline; the answer's headers, one
 * message, and the status from the trailers (or from a trailers-only answer). Errors carry
 * grpc-go's texts, which k6 shows: "context deadline exceeded", "grpc: received message larger
 * than max (N vs. M)", "trying to send message larger than max (N vs. M)".
 */
import http2 from 'node:http2';
import { GRPC_STATUS } from './grpc-status.ts';
import type { GrpcCallResult, GrpcCallSpec } from './grpc-types.ts';

/** Epoch milliseconds with sub-millisecond resolution. */
const now = () => performance.timeOrigin + performance.now();

/** Headers the protocol owns: never reported as metadata in trailers. */
const PROTOCOL_TRAILERS = new Set(['grpc-status', 'grpc-message', 'grpc-status-details-bin', ':status', 'content-type', 'date']);
/** Request headers a script may not set (grpc-go drops them too). */
const RESERVED_REQUEST = new Set(['content-type', 'te', 'grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding', 'user-agent', 'host']);

/** The HTTP status of a non-gRPC answer → the gRPC code (gRPC's http-grpc-status-mapping). */
function codeForHttpStatus(status: number): number {
  if (status === 400) return GRPC_STATUS.StatusInternal;
  if (status === 401) return GRPC_STATUS.StatusUnauthenticated;
  if (status === 403) return GRPC_STATUS.StatusPermissionDenied;
  if (status === 404) return GRPC_STATUS.StatusUnimplemented;
  if (status === 429 || status === 502 || status === 503 || status === 504) return GRPC_STATUS.StatusUnavailable;
  return GRPC_STATUS.StatusUnknown;
}

function metadataHeaders(m: GrpcCallSpec['metadata']): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const key of Object.keys(m)) {
    const k = key.toLowerCase();
    if (RESERVED_REQUEST.has(k) || k.startsWith(':')) continue;
    const binary = k.endsWith('-bin');
    const values = (Array.isArray(m[key]) ? m[key] : [m[key]]) as (string | Uint8Array)[];
    const text = values.map((v) => {
      if (binary) return (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.buffer, v.byteOffset, v.byteLength)).toString('base64');
      return typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
    });
    const prev = out[k];
    out[k] = prev === undefined ? (text.length === 1 ? text[0] : text) : [...(Array.isArray(prev) ? prev : [String(prev)]), ...text];
  }
  return out;
}

/** Received headers → k6's metadata form: lists of text (`-bin` values decoded, then read as UTF-8). */
function metadataOf(h: http2.IncomingHttpHeaders, skip: Set<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(h)) {
    if (k.startsWith(':') || skip.has(k)) continue;
    const v = h[k];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? v : k.endsWith('-bin') ? v.split(',') : [v];
    out[k] = k.endsWith('-bin') ? list.map((s) => Buffer.from(s.trim(), 'base64').toString('utf8')) : list;
  }
  return out;
}

/** grpc-message is percent-encoded (non-ASCII and '%' bytes). */
function decodeMessage(text: string | string[] | undefined): string {
  const s = Array.isArray(text) ? text.join(',') : (text ?? '');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const NO_SKIP = new Set<string>();

/** A call that ended without an answer: its status and message, times from `startTime` to now. */
export function failedCall(status: number, message: string, startTime = now(), extra: Partial<GrpcCallResult> = {}): GrpcCallResult {
  return { status, response: null, message, headers: {}, trailers: {}, startTime, endTime: now(), ...extra };
}

/** A small message in a larger chunk gets its own buffer: structured-cloning a view copies the whole chunk. */
const own = (b: Buffer): Uint8Array => (b.buffer.byteLength > 2 * b.byteLength ? new Uint8Array(b) : b);

export interface CallLimits {
  authority: string;
  userAgent: string;
  maxReceiveSize: number;
  maxSendSize: number;
}

export function unaryCall(session: http2.ClientHttp2Session, call: GrpcCallSpec, limits: CallLimits): Promise<GrpcCallResult> {
  const startTime = now();
  const result = (status: number, message: string, extra: Partial<GrpcCallResult> = {}) => failedCall(status, message, startTime, extra);
  const size = call.request.byteLength;
  if (size > limits.maxSendSize) {
    return Promise.resolve(result(GRPC_STATUS.StatusResourceExhausted, `trying to send message larger than max (${size} vs. ${limits.maxSendSize})`));
  }
  const timeoutMs = call.timeoutMs;
  const headers: http2.OutgoingHttpHeaders = {
    ...metadataHeaders(call.metadata),
    ':method': 'POST',
    ':path': call.path,
    ':authority': limits.authority,
    'content-type': 'application/grpc',
    te: 'trailers',
    'user-agent': limits.userAgent,
  };
  if (Number.isFinite(timeoutMs) && timeoutMs > 0) headers['grpc-timeout'] = `${Math.max(1, Math.ceil(timeoutMs))}m`;
  return new Promise((resolve) => {
    let stream: http2.ClientHttp2Stream;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const finish = (r: GrpcCallResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (!ended && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve(r);
    };
    try {
      stream = session.request(headers, { endStream: false });
    } catch (err) {
      resolve(result(GRPC_STATUS.StatusUnavailable, `connection error: ${(err as Error).message}`));
      return;
    }
    if (Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs < 2 ** 31) {
      timer = setTimeout(() => finish(result(GRPC_STATUS.StatusDeadlineExceeded, 'context deadline exceeded', { headers: received })), timeoutMs);
    }
    let received: Record<string, string[]> = {};
    let httpStatus = 0;
    let trailersOnly: http2.IncomingHttpHeaders | null = null;
    const chunks: Buffer[] = [];
    let length = 0;
    let expected = -1;
    stream.on('response', (h) => {
      httpStatus = Number(h[':status']);
      if (h['grpc-status'] !== undefined) trailersOnly = h;
      else received = metadataOf(h, NO_SKIP);
    });
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (expected < 0 && length >= 5) {
        const head = chunks.length === 1 ? chunk : Buffer.concat(chunks);
        if (head[0] !== 0) return finish(result(GRPC_STATUS.StatusInternal, 'grpc: compressed flag set with identity or empty encoding', { headers: received }));
        expected = head.readUInt32BE(1);
        if (expected > limits.maxReceiveSize) {
          return finish(result(GRPC_STATUS.StatusResourceExhausted, `grpc: received message larger than max (${expected} vs. ${limits.maxReceiveSize})`, { headers: received }));
        }
      }
    });
    const conclude = (t: http2.IncomingHttpHeaders) => {
      const code = Number(t['grpc-status']);
      const trailers = metadataOf(t, PROTOCOL_TRAILERS);
      const detailsText = t['grpc-status-details-bin'];
      const extra: Partial<GrpcCallResult> = { headers: received, trailers };
      if (typeof detailsText === 'string') extra.statusDetails = new Uint8Array(Buffer.from(detailsText, 'base64'));
      if (!Number.isInteger(code)) return finish(result(codeForHttpStatus(httpStatus || 200), httpStatus && httpStatus !== 200 ? `unexpected HTTP status code received from server: ${httpStatus}` : 'server closed the stream without sending trailers', extra));
      if (code !== GRPC_STATUS.StatusOK) return finish(result(code, decodeMessage(t['grpc-message']), extra));
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
      if (expected < 0 || body.length < 5 + expected) return finish(result(GRPC_STATUS.StatusInternal, 'grpc: server closed the stream without sending a response message', extra));
      finish({ ...result(GRPC_STATUS.StatusOK, '', extra), response: own(body.subarray(5, 5 + expected)) });
    };
    // Trailers can arrive before the last data is read: the call concludes at the end of the stream.
    let trailers: http2.IncomingHttpHeaders | null = null;
    stream.on('trailers', (t) => (trailers = t));
    stream.on('end', () => {
      ended = true;
      conclude(trailers ?? trailersOnly ?? {});
    });
    stream.on('error', (err: NodeJS.ErrnoException) => {
      finish(result(GRPC_STATUS.StatusUnavailable, `connection error: ${err.message}`, { headers: received }));
    });
    stream.on('close', () => {
      if (settled) return;
      const rst = stream.rstCode;
      if (rst === http2.constants.NGHTTP2_REFUSED_STREAM) finish(result(GRPC_STATUS.StatusUnavailable, 'the server refused the stream', { headers: received }));
      else if (rst === http2.constants.NGHTTP2_CANCEL) finish(result(GRPC_STATUS.StatusCanceled, 'the stream was cancelled', { headers: received }));
      else finish(result(GRPC_STATUS.StatusInternal, `stream terminated by RST_STREAM with error code: ${rst}`, { headers: received }));
    });
    stream.end(frame(call.request));
  });
}

/** The length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, the bytes. */
function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.byteLength);
  out[0] = 0;
  out.writeUInt32BE(message.byteLength, 1);
  out.set(message, 5);
  return out;
}
