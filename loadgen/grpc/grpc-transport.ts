/**
 * The gRPC transport on @grpc/grpc-js: one channel per connect (insecure or TLS), `connect`
 * resolving once the channel is READY (k6's connect blocks), unary calls on raw bytes with
 * identity serializers, response headers and trailers kept, deadline from the call's timeout.
 */
import * as grpc from '@grpc/grpc-js';
import type { GrpcCallResult, GrpcCallSpec, GrpcConnection, GrpcConnectSpec, GrpcTransport } from './grpc-types.ts';

const identity = (b: Buffer) => b;
/** Epoch milliseconds with sub-millisecond resolution. */
const now = () => performance.timeOrigin + performance.now();
const toBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function metadataOf(m: Record<string, string | string[]>): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(m)) {
    for (const one of Array.isArray(v) ? v : [v]) md.add(k.toLowerCase(), k.toLowerCase().endsWith('-bin') ? Buffer.from(one, 'base64') : one);
  }
  return md;
}

function plain(md: grpc.Metadata | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!md) return out;
  for (const [k, values] of Object.entries(md.getMap())) {
    void values;
    out[k] = md.get(k).map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : String(v)));
  }
  return out;
}

class Connection implements GrpcConnection {
  constructor(private readonly client: grpc.Client) {}

  invoke(call: GrpcCallSpec): Promise<GrpcCallResult> {
    const startTime = now();
    return new Promise((resolve) => {
      let headers: Record<string, string[]> = {};
      let response: Buffer | null = null;
      const c = this.client.makeUnaryRequest<Buffer, Buffer>(
        call.path,
        identity,
        identity,
        toBuffer(call.request),
        metadataOf(call.metadata),
        { deadline: Date.now() + call.timeoutMs },
        (err, value) => {
          if (!err && value) response = value;
        },
      );
      c.on('metadata', (md: grpc.Metadata) => (headers = plain(md)));
      c.on('status', (status: grpc.StatusObject) => {
        resolve({
          status: status.code,
          response: status.code === grpc.status.OK && response ? new Uint8Array(response.buffer, response.byteOffset, response.byteLength) : null,
          message: status.code === grpc.status.OK ? '' : status.details,
          headers,
          trailers: plain(status.metadata),
          startTime,
          endTime: now(),
        });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

export function createGrpcTransport(): GrpcTransport {
  return {
    connect(spec: GrpcConnectSpec): Promise<GrpcConnection> {
      const credentials = spec.plaintext ? grpc.credentials.createInsecure() : grpc.credentials.createSsl();
      const options: grpc.ClientOptions = { 'grpc.enable_channelz': 0 };
      if (spec.maxReceiveSize) options['grpc.max_receive_message_length'] = spec.maxReceiveSize;
      if (spec.maxSendSize) options['grpc.max_send_message_length'] = spec.maxSendSize;
      const client = new grpc.Client(spec.address, credentials, options);
      return new Promise((resolve, reject) => {
        client.waitForReady(Date.now() + spec.timeoutMs, (err) => {
          if (err) {
            client.close();
            reject(new Error(`failed to connect to ${spec.address}: context deadline exceeded after ${spec.timeoutMs} ms (${err.message})`));
          } else resolve(new Connection(client));
        });
      });
    },
  };
}
