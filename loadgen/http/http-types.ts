/**
 * The HTTP transport's contract: plain data in and out (structured-cloneable), so one request
 * runs the same in a VU's own thread (async API) or in an I/O thread behind a blocked VU
 * (blocking API). The k6/http module builds requests and turns results into k6 Responses.
 */

export type ResponseType = 'text' | 'binary' | 'none';

export interface HttpRequestSpec {
  method: string;
  /** Absolute http:// or https:// URL. */
  url: string;
  /** Header name -> value (as the script gave them; the transport adds Host, Content-Length, User-Agent if missing). */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  responseType: ResponseType;
}

/** k6's response timings, in milliseconds. duration = sending + waiting + receiving. */
export interface HttpTimings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

export interface HttpResult {
  /** 0 when no response was received (error set). */
  status: number;
  statusText: string;
  /** 'HTTP/1.1' (or '' on error). */
  proto: string;
  /** Canonical header names as Go's textproto has them ('Content-Type', 'Server-Timing'); repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** text: a string; binary: an ArrayBuffer; none: null. */
  body: string | ArrayBuffer | null;
  timings: HttpTimings;
  /** '' when fine; else k6's error text. */
  error: string;
  /** 0 when fine; else k6's error code (1050 timeout, 1212 refused, ...). */
  error_code: number;
  bytesSent: number;
  bytesReceived: number;
  /** Request end, ms since epoch (the sample time). */
  endTime: number;
}

/** One per VU: its keep-alive connections (k6 keeps connections per VU). */
export interface HttpTransport {
  request(spec: HttpRequestSpec): Promise<HttpResult>;
  /** Closes every connection. */
  close(): void;
}
