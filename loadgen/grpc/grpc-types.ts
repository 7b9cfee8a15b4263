/**
 * The gRPC transport's contract: bytes in, bytes out (structured-cloneable), so a call runs the
 * same in a VU's own thread (asyncInvoke) or in an I/O thread behind a blocked VU (invoke).
 * Message encoding (k6's protobuf JSON mapping) happens on the VU side, not here.
 */

export interface GrpcConnectSpec {
  /** host:port */
  address: string;
  plaintext: boolean;
  timeoutMs: number;
  maxReceiveSize?: number;
  maxSendSize?: number;
}

export interface GrpcCallSpec {
  /** '/package.Service/Method' */
  path: string;
  request: Uint8Array;
  /** Metadata key -> value(s). */
  metadata: Record<string, string | string[]>;
  timeoutMs: number;
}

export interface GrpcCallResult {
  /** gRPC status code (0 = OK). */
  status: number;
  /** Present when status is OK. */
  response: Uint8Array | null;
  /** Status details message when not OK. */
  message: string;
  headers: Record<string, string[]>;
  trailers: Record<string, string[]>;
  /** Call start / end, ms since epoch. */
  startTime: number;
  endTime: number;
}

export interface GrpcConnection {
  invoke(call: GrpcCallSpec): Promise<GrpcCallResult>;
  close(): void;
}

export interface GrpcTransport {
  /** Resolves when the channel is ready; rejects with a clear Error after timeoutMs (k6: connect blocks). */
  connect(spec: GrpcConnectSpec): Promise<GrpcConnection>;
}
