/**
 * The gRPC transport on @grpc/grpc-js. connect(): one channel of its own per connection (local
 * subchannel pool, so clients never share an HTTP/2 connection), insecure or TLS credentials,
 * no channelz, no keepalive pings, no retries, the spec's message size limits; it resolves when
 * the channel is READY and rejects at the timeout as k6 does — `context deadline exceeded`, with
 * the last connection error in Go's words when there was one ("...: connect: connection refused").
 * invoke(): a unary call on raw bytes (identity serializers, no copies), metadata in and out as
 * plain objects (`-bin` values as bytes on the wire; received ones as their UTF-8 text, as k6
 * gives them), the timeout as the call's deadline (→ DEADLINE_EXCEEDED, "context deadline
 * exceeded"), response headers and trailers kept.
 */
import * as grpc from '@grpc/grpc-js';
import type { GrpcCallResult, GrpcCallSpec, GrpcConnection, GrpcConnectSpec, GrpcTransport } from './grpc-types.ts';

/** Epoch milliseconds with sub-millisecond resolution. */
const now = () => performance.timeOrigin + performance.now();
const identity = (b: Buffer) => b;
const toBuffer = (u: Uint8Array) => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
/**
 * A small message arrives as a view into grpc-js' 8 KB read chunk; structured-cloning the view
 * (invoke's answer crosses threads) would copy the whole chunk, so such a message gets its own.
 */
const own = (b: Buffer): Uint8Array => (b.buffer.byteLength > 2 * b.byteLength ? new Uint8Array(b) : b);
/** grpc-go keeps these out of the metadata it hands to k6. */
const RESERVED_TRAILERS = ['grpc-status-details-bin'];
/** A path no server implements: a fail-fast call on it reports the channel's last connection error. */
const PROBE_PATH = '/servebench.loadgen.ConnectProbe/LastError';

function metadataOf(m: GrpcCallSpec['metadata']): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const key of Object.keys(m)) {
    const k = key.toLowerCase();
    const binary = k.endsWith('-bin');
    const v = m[key];
    for (const one of Array.isArray(v) ? v : [v]) {
      if (binary) md.add(k, typeof one === 'string' ? Buffer.from(one, 'utf8') : toBuffer(one as Uint8Array));
      else md.add(k, typeof one === 'string' ? one : ArrayBuffer.isView(one) ? toBuffer(one).toString('utf8') : String(one));
    }
  }
  return md;
}

function plain(md: grpc.Metadata | undefined, drop?: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!md) return out;
  const all = md.toJSON();
  for (const k of Object.keys(all)) {
    if (drop?.includes(k)) continue;
    out[k] = all[k].map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  }
  return out;
}

/** grpc-js' connection error text → grpc-go's (what k6 shows). */
function goDialError(details: string): string {
  const last = /Last error: (?:Error: )?(.*?)(?:\. Resolution note:.*)?$/s.exec(details)?.[1] ?? details;
  const sys = /^connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET) (\S+)$/.exec(last);
  const words: Record<string, string> = { ECONNREFUSED: 'connection refused', EHOSTUNREACH: 'no route to host', ENETUNREACH: 'network is unreachable', ETIMEDOUT: 'i/o timeout', ECONNRESET: 'connection reset by peer' };
  if (sys) return `transport: Error while dialing: dial tcp ${sys[2]}: connect: ${words[sys[1]]}`;
  const dns = /Name resolution failed for target (?:dns:)?(?:\/\/\/)?(\S+?)(?::\d+)?$/.exec(last) ?? /getaddrinfo ENOTFOUND (\S+)/.exec(last);
  if (dns) return `transport: Error while dialing: dial tcp: lookup ${dns[1]}: no such host`;
  return `transport: ${last}`;
}

function credentialsOf(spec: GrpcConnectSpec): grpc.ChannelCredentials {
  if (spec.plaintext) return grpc.credentials.createInsecure();
  const ca = spec.tls?.cacerts;
  const verify = spec.insecureSkipVerify ? { checkServerIdentity: () => undefined, rejectUnauthorized: false } : {};
  return grpc.credentials.createSsl(
    ca ? Buffer.from(Array.isArray(ca) ? ca.join('\n') : ca) : null,
    spec.tls?.key ? Buffer.from(spec.tls.key) : null,
    spec.tls?.cert ? Buffer.from(spec.tls.cert) : null,
    verify,
  );
}

function channelOptions(spec: GrpcConnectSpec): grpc.ClientOptions {
  const options: grpc.ClientOptions = {
    'grpc.enable_channelz': 0,
    'grpc.use_local_subchannel_pool': 1,
    'grpc.enable_retries': 0,
    'grpc.service_config_disable_resolution': 1,
  };
  if (spec.maxReceiveSize && spec.maxReceiveSize > 0) options['grpc.max_receive_message_length'] = spec.maxReceiveSize;
  if (spec.maxSendSize && spec.maxSendSize > 0) options['grpc.max_send_message_length'] = spec.maxSendSize;
  if (spec.userAgent) options['grpc.primary_user_agent'] = spec.userAgent;
  if (spec.authority) {
    options['grpc.default_authority'] = spec.authority;
    if (!spec.plaintext) options['grpc.ssl_target_name_override'] = spec.authority;
  }
  return options;
}

class Connection implements GrpcConnection {
  constructor(private readonly client: grpc.Client) {}

  invoke(call: GrpcCallSpec): Promise<GrpcCallResult> {
    return new Promise((resolve) => {
      const startTime = now();
      let response: Buffer | null = null;
      let headers: Record<string, string[]> = {};
      const deadline = Number.isFinite(call.timeoutMs) ? Date.now() + call.timeoutMs : Infinity;
      const c = this.client.makeUnaryRequest<Buffer, Buffer>(call.path, identity, identity, toBuffer(call.request), metadataOf(call.metadata), { deadline }, (err, value) => {
        if (!err && value) response = value;
      });
      c.on('metadata', (md: grpc.Metadata) => (headers = plain(md)));
      c.on('status', (status: grpc.StatusObject) => {
        const ok = status.code === grpc.status.OK;
        let message = ok ? '' : status.details;
        if (status.code === grpc.status.DEADLINE_EXCEEDED && message.startsWith('Deadline exceeded after')) message = 'context deadline exceeded';
        const details = status.metadata?.get('grpc-status-details-bin')[0];
        const result: GrpcCallResult = {
          status: status.code,
          response: ok && response ? own(response) : null,
          message,
          headers,
          trailers: plain(status.metadata, RESERVED_TRAILERS),
          startTime,
          endTime: now(),
        };
        if (Buffer.isBuffer(details)) result.statusDetails = details;
        resolve(result);
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

/** Waits for READY until `deadline`; on each TRANSIENT_FAILURE asks the channel (fail-fast probe call) why. */
function waitReady(client: grpc.Client, deadline: number): Promise<void> {
  const channel = client.getChannel();
  let lastError = '';
  const probe = () =>
    client.makeUnaryRequest(PROBE_PATH, identity, identity, Buffer.alloc(0), new grpc.Metadata(), { deadline: Date.now() + 1000 }, (err) => {
      if (err && err.code === grpc.status.UNAVAILABLE && err.details) lastError = err.details;
    });
  return new Promise((resolve, reject) => {
    const step = () => {
      const state = channel.getConnectivityState(true);
      if (state === grpc.connectivityState.READY) return resolve();
      if (state === grpc.connectivityState.SHUTDOWN) return reject(new Error('grpc: the client connection is closing'));
      if (state === grpc.connectivityState.TRANSIENT_FAILURE) probe();
      channel.watchConnectivityState(state, deadline, (err) => {
        if (!err) return step();
        reject(new Error(lastError ? `context deadline exceeded: connection error: desc = ${JSON.stringify(goDialError(lastError))}` : 'context deadline exceeded'));
      });
    };
    step();
  });
}

export function createGrpcTransport(): GrpcTransport {
  return {
    async connect(spec: GrpcConnectSpec): Promise<GrpcConnection> {
      const client = new grpc.Client(spec.address, credentialsOf(spec), channelOptions(spec));
      try {
        await waitReady(client, Date.now() + Math.max(0, spec.timeoutMs));
      } catch (err) {
        client.close();
        throw err;
      }
      return new Connection(client);
    },
  };
}
