/**
 * The gRPC transport: gRPC over HTTP/2 spoken directly on node:http2 (one session per
 * connect(), as each k6 client has its own connection). connect() dials as grpc-go does for
 * k6's blocking connect (grpc-dial.ts); invoke() runs one unary call on raw bytes
 * (grpc-unary-call.ts). A session the server closes or sends GOAWAY on is replaced by a fresh
 * dial on the next call, as grpc-go reconnects.
 *
 * Why not @grpc/grpc-js, which the servers use: a bare node:http2 unary call cost about half the
 * client CPU of a grpc-js one here (313-529 vs 661-924 us per Predict, 8 in flight), and a load
 * generator's CPU is taken from the target sharing the machine. With this transport the engine's
 * async gRPC script makes 0.96-1.14x the calls per CPU-second of a bare grpc-js loop (before:
 * 0.64-0.80x; `npm run bench:loadgen`, BENCHMARKS.md). The engine needs only unary calls on
 * bytes: no name resolution, balancing, retries or service config.
 */
import type http2 from 'node:http2';
import { dial } from './grpc-dial.ts';
import { GRPC_STATUS } from './grpc-status.ts';
import { failedCall, unaryCall, type CallLimits } from './grpc-unary-call.ts';
import type { GrpcCallResult, GrpcCallSpec, GrpcConnection, GrpcConnectSpec, GrpcTransport } from './grpc-types.ts';

/** grpc-go's defaults, which k6 keeps unless the script sets maxReceiveSize / maxSendSize. */
const DEFAULT_MAX_RECEIVE = 4 << 20;
const DEFAULT_MAX_SEND = 2 ** 31 - 1;

function limitsOf(spec: GrpcConnectSpec): CallLimits {
  return {
    authority: spec.authority ?? spec.address,
    userAgent: spec.userAgent ? `${spec.userAgent} servebench-grpc` : 'servebench-grpc',
    maxReceiveSize: spec.maxReceiveSize && spec.maxReceiveSize > 0 ? spec.maxReceiveSize : DEFAULT_MAX_RECEIVE,
    maxSendSize: spec.maxSendSize && spec.maxSendSize > 0 ? spec.maxSendSize : DEFAULT_MAX_SEND,
  };
}

class Connection implements GrpcConnection {
  private readonly limits: CallLimits;
  private session: http2.ClientHttp2Session;
  private redial: Promise<http2.ClientHttp2Session> | null = null;
  private closed = false;

  constructor(private readonly spec: GrpcConnectSpec, session: http2.ClientHttp2Session) {
    this.limits = limitsOf(spec);
    this.session = this.watch(session);
  }

  private watch(session: http2.ClientHttp2Session): http2.ClientHttp2Session {
    session.on('error', () => session.destroy());
    session.on('goaway', () => session.close());
    // No keepalive pings; an idle session must not keep the process alive.
    session.unref();
    return session;
  }

  private usable(): boolean {
    const s = this.session;
    return !s.closed && !s.destroyed;
  }

  async invoke(call: GrpcCallSpec): Promise<GrpcCallResult> {
    if (this.closed) throw new Error('grpc: the client connection is closing');
    if (!this.usable()) {
      this.redial ??= dial(this.spec).then((s) => this.watch(s)).finally(() => (this.redial = null));
      try {
        this.session = await this.redial;
      } catch (err) {
        return failedCall(GRPC_STATUS.StatusUnavailable, (err as Error).message);
      }
    }
    this.session.ref();
    try {
      return await unaryCall(this.session, call, this.limits);
    } finally {
      this.session.unref();
    }
  }

  close(): void {
    this.closed = true;
    this.session.close();
  }
}

export function createGrpcTransport(): GrpcTransport {
  return {
    async connect(spec: GrpcConnectSpec): Promise<GrpcConnection> {
      return new Connection(spec, await dial(spec));
    },
  };
}
