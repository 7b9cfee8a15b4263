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
  /** TLS only: accept any server certificate (k6's insecureSkipTLSVerify). */
  insecureSkipVerify?: boolean;
  /** TLS only: PEM CA certificates to trust instead of the system ones; client certificate and key (k6's ConnectParams.tls). */
  tls?: { cacerts?: string | string[]; cert?: string; key?: string };
  /** :authority (and TLS server name) to use instead of the address (k6's ConnectParams.authority). */
  authority?: string;
  /** User-Agent prefix (k6's userAgent option). */
  userAgent?: string;
}

export interface GrpcCallSpec {
  /** '/package.Service/Method' */
  path: string;
  request: Uint8Array;
  /** Metadata key -> value(s); values of `-bin` keys are sent as binary (a string as its UTF-8 bytes). */
  metadata: Record<string, string | string[] | Uint8Array | Uint8Array[]>;
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
  /** The raw `grpc-status-details-bin` trailer (a google.rpc.Status) when the server sent one. */
  statusDetails?: Uint8Array;
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
