/**
 * Opening the HTTP/2 session a gRPC connection runs on (node:http2, plaintext or TLS), as
 * grpc-go does for k6's blocking `client.connect()`: dial, and on failure retry with backoff
 * until the connect timeout, then reject with the last error in grpc-go's words
 * (`context deadline exceeded: connection error: desc = "transport: Error while dialing: dial
 * tcp 127.0.0.1:1: connect: connection refused"`). Large flow-control windows, so big tensors
 * are not held back by HTTP/2's 64 KB default.
 */
import http2 from 'node:http2';
import type { GrpcConnectSpec } from './grpc-types.ts';

/** Per-stream and per-connection receive windows. */
const STREAM_WINDOW = 4 << 20;
const SESSION_WINDOW = 16 << 20;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;

const SYSCALL_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'i/o timeout',
  ECONNRESET: 'connection reset by peer',
};

/** A dial or handshake error → grpc-go's transport error text. */
export function goDialError(err: unknown, spec: GrpcConnectSpec): string {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const code = e?.code ?? '';
  if (code in SYSCALL_WORDS) {
    const where = e.address !== undefined ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}` : spec.address;
    return `transport: Error while dialing: dial tcp ${where}: connect: ${SYSCALL_WORDS[code]}`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `transport: Error while dialing: dial tcp: lookup ${e.hostname ?? hostOf(spec.address)}: no such host`;
  if (/certificate|self.signed|SSL|TLS|EPROTO/i.test(`${code} ${e?.message ?? ''}`)) return `transport: authentication handshake failed: ${e?.message ?? String(err)}`;
  return `transport: ${e?.message ?? String(err)}`;
}

function hostOf(address: string): string {
  const m = /^\[([^\]]+)\]:\d+$/.exec(address) ?? /^(.*):\d+$/.exec(address);
  return m ? m[1] : address;
}

function tlsOptions(spec: GrpcConnectSpec): http2.SecureClientSessionOptions {
  const ca = spec.tls?.cacerts;
  const servername = spec.authority ? hostOf(spec.authority) : hostOf(spec.address);
  return {
    ALPNProtocols: ['h2'],
    ...(ca ? { ca: Array.isArray(ca) ? ca : [ca] } : {}),
    ...(spec.tls?.cert ? { cert: spec.tls.cert } : {}),
    ...(spec.tls?.key ? { key: spec.tls.key } : {}),
    ...(/^[\d.]+$|:/.test(servername) ? {} : { servername }),
    ...(spec.insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {}),
  };
}

/** One attempt: resolves with a connected session, rejects with the reason it failed. */
function dialOnce(spec: GrpcConnectSpec, giveUpAt: number): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const url = `${spec.plaintext ? 'http' : 'https'}://${spec.address}`;
    const session = http2.connect(url, {
      settings: { initialWindowSize: STREAM_WINDOW, enablePush: false },
      ...(spec.plaintext ? {} : tlsOptions(spec)),
    });
    const timer = setTimeout(() => fail(new Error('i/o timeout')), Math.max(1, giveUpAt - Date.now()));
    const fail = (err: unknown) => {
      clearTimeout(timer);
      session.destroy();
      reject(err);
    };
    session.once('error', fail);
    session.once('close', () => fail(new Error('the connection closed before the HTTP/2 handshake completed')));
    // 'remoteSettings': the server spoke HTTP/2 back (a plaintext client to a TLS port never gets here).
    session.once('remoteSettings', () => {
      clearTimeout(timer);
      session.removeAllListeners('error');
      session.removeAllListeners('close');
      session.setLocalWindowSize(SESSION_WINDOW);
      resolve(session);
    });
  });
}

/** Dials until it works or the connect timeout passes (grpc-go's blocking dial). */
export async function dial(spec: GrpcConnectSpec): Promise<http2.ClientHttp2Session> {
  const deadline = Date.now() + Math.max(0, spec.timeoutMs);
  let backoff = FIRST_BACKOFF_MS;
  let last: unknown = null;
  for (;;) {
    if (Date.now() >= deadline) break;
    try {
      return await dialOnce(spec, deadline);
    } catch (err) {
      if (!(err instanceof Error && err.message === 'i/o timeout' && last !== null)) last = err;
    }
    const wait = Math.min(backoff, deadline - Date.now());
    if (wait <= 0) break;
    await new Promise((r) => setTimeout(r, wait));
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
  }
  throw new Error(last ? `context deadline exceeded: connection error: desc = ${JSON.stringify(goDialError(last, spec))}` : 'context deadline exceeded');
}
