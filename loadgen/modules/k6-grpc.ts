/**
 * `k6/net/grpc`: Client (load in init; connect, invoke, asyncInvoke, close in VUs), the status
 * constants, Responses with status, message, headers, trailers, error. Messages are mapped
 * with k6's protobuf JSON rules on the VU side; the bytes travel through the I/O bridge
 * (invoke) or this thread's own channel (asyncInvoke). Each call emits grpc_req_duration.
 */
import { loadProtoFiles, type ProtoRegistry } from '../grpc/proto-registry.ts';
import { decodeMessage, encodeMessage } from '../grpc/protojson-codec.ts';
import { GRPC_STATUS } from '../grpc/grpc-status.ts';
import type { GrpcCallResult, GrpcCallSpec, GrpcConnection, GrpcConnectSpec } from '../grpc/grpc-types.ts';
import type { Tags } from '../metrics/sample.ts';
import { parseDurationMs as durationMs } from '../executors/executor-config.ts';
import { IterationInterrupted } from '../vu/host-services.ts';
import type { VuState } from '../vu/vu-state.ts';

interface ConnectParams {
  plaintext?: boolean;
  timeout?: string | number;
  maxReceiveSize?: number;
  maxSendSize?: number;
  reflect?: boolean;
  [key: string]: unknown;
}
interface InvokeParams {
  metadata?: Record<string, string | string[]>;
  tags?: Tags;
  timeout?: string | number;
  [key: string]: unknown;
}

const CONNECT_KEYS = new Set(['plaintext', 'timeout', 'maxReceiveSize', 'maxSendSize']);
const INVOKE_KEYS = new Set(['metadata', 'tags', 'timeout']);
const STATUS_NAMES = Object.fromEntries(Object.entries(GRPC_STATUS).map(([k, v]) => [v, k.replace(/^Status/, '')]));

function refuseUnknown(params: Record<string, unknown> | undefined, known: Set<string>, what: string): void {
  for (const k of Object.keys(params ?? {})) if (!known.has(k)) throw new Error(`${what} param "${k}" is not supported by the built-in engine; run this script with k6`);
}

function asciiMeta(m: Record<string, string[]>): Record<string, string[]> {
  return m;
}

class GrpcResponse {
  constructor(
    readonly status: number,
    readonly message: unknown,
    readonly headers: Record<string, string[]>,
    readonly trailers: Record<string, string[]>,
    readonly error: { code: number; message: string; details: unknown[] } | null,
  ) {}
}

export function createGrpcModule(vu: VuState) {
  const clients = new Set<{ close(): void }>();

  class Client {
    private protos: ProtoRegistry | null = null;
    private address = '';
    private bridgeConn = 0;
    private local: Promise<GrpcConnection> | null = null;
    private connectSpec: GrpcConnectSpec | null = null;

    constructor() {
      vu.requireInitContext('new grpc.Client()');
      clients.add(this);
    }

    load(importPaths: string[] | null, ...files: string[]): void {
      vu.requireInitContext('client.load()');
      this.protos = loadProtoFiles(importPaths ?? [], files, vu.host.scriptDir);
    }

    loadProtoset(): never {
      throw new Error('client.loadProtoset() is not supported by the built-in engine; use client.load() or run with k6');
    }

    connect(address: string, params?: ConnectParams): boolean {
      vu.requireVuContext('client.connect()');
      refuseUnknown(params, CONNECT_KEYS, 'connect');
      if (!this.protos) throw new Error('client.load() must be called in the init context before connect() (reflection is not supported)');
      const spec: GrpcConnectSpec = {
        address: address.replace(/^grpc:\/\//, ''),
        plaintext: params?.plaintext ?? false,
        timeoutMs: params?.timeout === undefined ? 60_000 : durationMs(params.timeout, 'connect timeout'),
        maxReceiveSize: params?.maxReceiveSize,
        maxSendSize: params?.maxSendSize,
      };
      this.closeConnections();
      this.address = spec.address;
      this.connectSpec = spec;
      if (vu.host.sharesThread && vu.phase === 'vu') {
        // An async script's VUs share this thread: dial without blocking them all (one dial per
        // new VU, hundreds of them under an arrival-rate ramp); a failure is thrown by the first call.
        this.local = vu.host.grpcTransport.connect(spec);
        this.local.catch(() => {});
        return true;
      }
      this.bridgeConn = this.bridgeConnect(spec);
      return true;
    }

    private bridgeConnect(spec: GrpcConnectSpec): number {
      const res = vu.host.syncIo.call({ op: 'grpc.connect', spec }, () => false);
      if (!res.ok) throw new Error(res.error);
      return res.conn ?? 0;
    }

    private prepare(method: string, request: unknown, params: InvokeParams | undefined) {
      vu.requireVuContext('client.invoke()');
      refuseUnknown(params, INVOKE_KEYS, 'invoke');
      if (!this.protos) throw new Error('no protos loaded: call client.load() in the init context');
      if (!this.connectSpec) throw new Error('no gRPC connection: call client.connect() first');
      const info = this.protos.method(method);
      const call: GrpcCallSpec = {
        path: info.path,
        request: encodeMessage(info.requestType, request ?? {}),
        metadata: params?.metadata ?? {},
        timeoutMs: params?.timeout === undefined ? 60_000 : durationMs(params.timeout, 'invoke timeout'),
      };
      return { info, call, tags: params?.tags ?? {} };
    }

    private finish(info: { path: string; responseType: unknown }, r: GrpcCallResult, reqTags: Tags): GrpcResponse {
      const tags = vu.tags({ name: info.path, method: info.path, url: `${this.address}${info.path}`, rpc_type: 'unary', proto: 'gRPC', status: String(r.status), ...reqTags });
      vu.host.emit('grpc_req_duration', r.endTime - r.startTime, tags, r.endTime);
      vu.bytesSent += 0;
      if (r.status !== GRPC_STATUS.StatusOK) {
        return new GrpcResponse(r.status, null, asciiMeta(r.headers), asciiMeta(r.trailers), { code: r.status, message: r.message || STATUS_NAMES[r.status] || '', details: [] });
      }
      const message = r.response ? decodeMessage(info.responseType as never, r.response) : null;
      if (r.response) vu.bytesReceived += r.response.byteLength;
      return new GrpcResponse(r.status, message, asciiMeta(r.headers), asciiMeta(r.trailers), null);
    }

    invoke(method: string, request: unknown, params?: InvokeParams): GrpcResponse {
      const { info, call, tags } = this.prepare(method, request, params);
      vu.bytesSent += call.request.byteLength;
      this.bridgeConn ||= this.bridgeConnect(this.connectSpec as GrpcConnectSpec);
      const res = vu.host.syncIo.call({ op: 'grpc.invoke', conn: this.bridgeConn, call }, vu.interrupted);
      if (!res.ok) {
        if (res.error === 'interrupted') throw new IterationInterrupted('iteration interrupted');
        throw new Error(res.error);
      }
      return this.finish(info, res.grpc as GrpcCallResult, tags);
    }

    async asyncInvoke(method: string, request: unknown, params?: InvokeParams): Promise<GrpcResponse> {
      const { info, call, tags } = this.prepare(method, request, params);
      vu.bytesSent += call.request.byteLength;
      this.local ??= vu.host.grpcTransport.connect(this.connectSpec as GrpcConnectSpec);
      const conn = await this.local;
      return this.finish(info, await conn.invoke(call), tags);
    }

    private closeConnections(): void {
      if (this.bridgeConn) vu.host.syncIo.post({ op: 'grpc.close', conn: this.bridgeConn });
      this.bridgeConn = 0;
      const local = this.local;
      this.local = null;
      void local?.then((c) => c.close(), () => {});
    }

    close(): void {
      this.closeConnections();
      this.connectSpec = null;
    }
  }

  const module = { Client, ...GRPC_STATUS };
  return {
    module,
    close: () => {
      for (const c of clients) c.close();
    },
  };
}
