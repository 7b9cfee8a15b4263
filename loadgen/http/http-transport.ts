/**
 * The HttpTransport under k6/http: one per VU, holding that VU's keep-alive HTTP/1.1 connections
 * per scheme+host+port. A request takes an idle connection (most recently used first) or dials a
 * new one, so a batch of parallel requests opens several; `maxConnectionsPerHost` (default
 * unlimited, like Go's MaxConnsPerHost) queues the rest, and the queueing counts as `blocked`.
 *
 * Why our own client rather than undici or node:http: speed and timings. A bare undici `request`
 * loop reaches ~40% of autocannon's requests per CPU-second here; a load generator that burns
 * more CPU than the server under test measures itself. This client assembles the request head as
 * one string, sends head+body in one write (a large body: the head and its cached bytes, corked;
 * see body-bytes.ts) and parses responses itself (Http1ResponseParser),
 * with no streams or per-chunk promises in between (one promise per request). And k6 reports per-phase timings
 * (blocked, connecting, tls_handshaking, sending, waiting, receiving) that neither undici nor
 * node:http expose; here every phase is a socket event the connection reports directly.
 *
 * Go/k6 behaviour matched: request header names canonicalised; Host, User-Agent and (with a body,
 * or for POST/PUT/PATCH) Content-Length added; a script's Content-Length / Transfer-Encoding
 * ignored; URL userinfo → Basic auth; no Accept-Encoding added, but gzip / deflate / br (and zstd
 * where node:zlib has it) response bodies decoded by Content-Encoding, inside `receiving`
 * (error 1701 if that fails). Retry: a request failing on a reused connection before any response
 * byte is retried once on a fresh connection if it was never handed to the kernel (any method),
 * or if it is replayable by Go's rule (GET, HEAD, OPTIONS, TRACE, or an Idempotency-Key header).
 */
import net from 'node:net';
import { bodyBytes } from './body-bytes.ts';
import { buildRequestHead, Http1Connection, k6ErrorFor, type ConnectionOwner, type DialOptions, type RequestHead } from './http1-connection.ts';
import { responseBody, toArrayBuffer } from './http1-response-parser.ts';
import type { HttpRequestSpec, HttpResult, HttpTransport } from './http-types.ts';

export interface HttpTransportOptions {
  /** User-Agent added when the request has none; '' sends none. */
  userAgent?: string;
  /** Connections per scheme+host+port; 0 or unset = unlimited. */
  maxConnectionsPerHost?: number;
  /** https: accept any certificate (k6's insecureSkipTLSVerify). */
  insecureSkipTLSVerify?: boolean;
}

export const DEFAULT_USER_AGENT = 'servebench-loadgen/0.1 (k6-compatible)';

interface Target {
  key: string;
  dial: DialOptions;
  hostHeader: string;
  path: string;
  auth: string;
  /** The host is an IP literal (no DNS lookup). */
  ip: boolean;
}

class K6Error extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const targetCache = new Map<string, Target | K6Error>();

function parseTarget(url: string): Target | K6Error {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return new K6Error(1020, `parse ${JSON.stringify(url)}: invalid URI for request`);
  }
  const secure = u.protocol === 'https:';
  if (!secure && u.protocol !== 'http:') return new K6Error(1000, `unsupported protocol scheme ${JSON.stringify(u.protocol.slice(0, -1))}`);
  if (u.hostname === '') return new K6Error(1020, `http: no Host in request URL`);
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port === '' ? (secure ? 443 : 80) : Number(u.port);
  const auth = u.username || u.password ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : '';
  const dial: DialOptions = { host, port, tls: secure, servername: secure && !net.isIP(host) ? host : undefined };
  const ip = net.isIP(host) !== 0;
  return { key: `${u.protocol}//${host}:${port}`, dial, hostHeader: u.host, path: (u.pathname || '/') + u.search, auth, ip };
}

function targetFor(url: string): Target | K6Error {
  let t = targetCache.get(url);
  if (t === undefined) {
    if (targetCache.size >= 4096) targetCache.clear();
    targetCache.set(url, (t = parseTarget(url)));
  }
  return t;
}

const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Per scheme+host+port: idle connections (LIFO), how many exist, requests waiting for one. */
class HostPool {
  idle: Http1Connection[] = [];
  total = 0;
  waiters: Exchange[] = [];
  /** The transport was closed: connections are closed as their exchanges finish. */
  retired = false;
  constructor(readonly max: number) {}

  readonly onDead = (conn: Http1Connection): void => {
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    this.total--;
    const next = this.waiters.shift();
    if (next !== undefined) next.dial(this);
  };

  takeIdle(): Http1Connection | undefined {
    let conn = this.idle.pop();
    while (conn !== undefined && !conn.alive) {
      conn.destroy();
      conn = this.idle.pop();
    }
    return conn;
  }

  /** A finished exchange's connection: to a waiter, the idle list, or closed. */
  giveBack(conn: Http1Connection, reusable: boolean): void {
    if (!reusable || this.retired || !conn.alive) return conn.destroy();
    const next = this.waiters.shift();
    if (next !== undefined) return next.attach(conn, true, performance.now());
    conn.release();
    this.idle.push(conn);
  }
}

class Transport implements HttpTransport {
  readonly pools = new Map<string, HostPool>();
  readonly userAgent: string;
  readonly max: number;
  readonly insecure: boolean;
  constructor(options: HttpTransportOptions) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.max = options.maxConnectionsPerHost && options.maxConnectionsPerHost > 0 ? options.maxConnectionsPerHost : Infinity;
    this.insecure = options.insecureSkipTLSVerify === true;
  }

  pool(key: string): HostPool {
    let p = this.pools.get(key);
    if (p === undefined) this.pools.set(key, (p = new HostPool(this.max)));
    return p;
  }

  request(spec: HttpRequestSpec): Promise<HttpResult> {
    return new Promise((resolve) => new Exchange(this, spec, resolve).start());
  }

  /** Closes idle connections now and busy ones when their exchange ends; later requests start afresh. */
  close(): void {
    const pools = [...this.pools.values()];
    this.pools.clear();
    for (const p of pools) {
      p.retired = true;
      for (const conn of p.idle.splice(0)) conn.destroy();
    }
  }
}

const NO_TIME = -1;

/** One request, start to result; the owner of whichever connection it is using. */
class Exchange implements ConnectionOwner {
  private target!: Target;
  private pool!: HostPool;
  private head!: RequestHead;
  private conn: Http1Connection | null = null;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;
  private retried = false;
  private reused = false;
  private t0 = 0;
  private connectStart = NO_TIME;
  private tcpAt = NO_TIME;
  private readyAt = NO_TIME;
  private sentAt = NO_TIME;
  private firstByteAt = NO_TIME;
  private bytesSent = 0;
  private bytesReceived = 0;
  private body: string | Uint8Array | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly spec: HttpRequestSpec,
    private readonly resolve: (r: HttpResult) => void,
  ) {}

  start(): void {
    this.t0 = performance.now();
    const target = targetFor(this.spec.url);
    if (target instanceof K6Error) return this.fail(target.code, target.message);
    this.target = target;
    const { method, headers } = this.spec;
    const body = (this.body = bodyBytes(this.spec.body));
    const head = buildRequestHead(method, target.path, target.hostHeader, target.auth, this.transport.userAgent, headers, body);
    if (typeof head === 'string') return this.fail(1000, head);
    this.head = head;
    const ms = this.spec.timeoutMs;
    if (ms > 0 && ms < 2 ** 31) this.timer = setTimeout(this.onTimeout, ms);
    const pool = (this.pool = this.transport.pool(target.key));
    const conn = pool.takeIdle();
    if (conn !== undefined) this.attach(conn, true, performance.now());
    else if (pool.total < pool.max) this.dial(pool);
    else pool.waiters.push(this);
  }

  /** Opens a new connection for this exchange. */
  dial(pool: HostPool): void {
    if (this.settled) return;
    this.reused = false;
    this.connectStart = this.target.ip ? performance.now() : NO_TIME; // else set when DNS is done
    let conn: Http1Connection;
    try {
      conn = new Http1Connection(this.target.key, { ...this.target.dial, insecureSkipTLSVerify: this.transport.insecure }, this);
    } catch (err) {
      return this.fail(1210, `dial tcp ${this.target.dial.host}:${this.target.dial.port}: ${(err as Error).message}`);
    }
    pool.total++;
    conn.onDead = pool.onDead;
    this.conn = conn;
  }

  /** Sends on a ready connection (a reused one, or one just dialled). */
  attach(conn: Http1Connection, reused: boolean, at: number): void {
    this.conn = conn;
    this.reused = reused;
    if (reused) this.connectStart = this.tcpAt = at;
    this.readyAt = at;
    conn.send(this, this.head.text, this.body, this.spec.method === 'HEAD', this.spec.responseType !== 'none');
    this.bytesSent += this.head.wireBytes;
  }

  onLookup(at: number): void {
    this.connectStart = at; // k6 counts DNS in blocked
  }
  onTcpConnect(at: number): void {
    this.tcpAt = at;
  }
  onReady(conn: Http1Connection, at: number): void {
    if (!this.settled) this.attach(conn, false, at);
  }
  onSent(at: number): void {
    if (this.sentAt === NO_TIME) this.sentAt = at;
  }
  onFirstByte(at: number): void {
    this.firstByteAt = at;
    if (this.sentAt === NO_TIME) this.sentAt = at; // the server answered before our write completed
  }

  onResponse(conn: Http1Connection): void {
    this.bytesReceived += conn.bytesIn;
    const p = conn.parser;
    const { status, statusText, proto, headers, bodyChunks, bodyLength } = p; // before the parser is reused
    this.pool.giveBack(conn, p.keepAlive && !this.head.closeAfter);
    if (this.settled) return;
    let body: Buffer | null = null;
    if (this.spec.responseType !== 'none') {
      try {
        body = responseBody(bodyChunks, bodyLength, headers['Content-Encoding']);
      } catch (err) {
        return this.finish(status, statusText, proto, headers, null, 1701, (err as Error).message);
      }
    }
    this.finish(status, statusText, proto, headers, body, 0, '');
  }

  onError(conn: Http1Connection, err: Error): void {
    this.bytesReceived += conn.bytesIn;
    if (this.settled) return;
    if (this.reused && !this.retried && conn.bytesIn === 0 && (this.sentAt === NO_TIME || this.replayable())) {
      this.retried = true;
      this.connectStart = this.tcpAt = this.readyAt = this.sentAt = this.firstByteAt = NO_TIME;
      return this.dial(this.pool);
    }
    const { code, message } = k6ErrorFor(err, conn);
    this.fail(code, message);
  }

  private readonly onTimeout = (): void => {
    this.timer = undefined;
    if (this.settled) return;
    const i = this.pool.waiters.indexOf(this);
    if (i >= 0) this.pool.waiters.splice(i, 1);
    this.conn?.destroy();
    this.fail(1050, 'request timeout');
  };

  private replayable(): boolean {
    return REPLAYABLE.has(this.spec.method) || this.head.idempotencyKey;
  }

  private fail(code: number, message: string): void {
    this.finish(0, '', '', {}, null, code, message);
  }

  private finish(status: number, statusText: string, proto: string, headers: Record<string, string>, body: Buffer | null, code: number, error: string): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const end = performance.now();
    // Marks not reached count as `end`: the phase in progress runs to the end, later ones are 0.
    const cs = this.connectStart === NO_TIME ? end : this.connectStart;
    const tcp = this.tcpAt === NO_TIME ? end : this.tcpAt;
    const ready = this.readyAt === NO_TIME ? end : this.readyAt;
    const sent = this.sentAt === NO_TIME ? end : this.sentAt;
    const first = this.firstByteAt === NO_TIME ? end : this.firstByteAt;
    const sending = sent - ready;
    const waiting = first - sent;
    const receiving = end - first;
    const type = this.spec.responseType;
    this.resolve({
      status,
      statusText,
      proto,
      headers,
      body: body === null || type === 'none' ? null : type === 'text' ? body.toString('utf8') : toArrayBuffer(body),
      timings: {
        blocked: cs - this.t0,
        connecting: tcp - cs,
        tls_handshaking: this.target?.dial.tls ? ready - tcp : 0,
        sending,
        waiting,
        receiving,
        duration: sending + waiting + receiving,
      },
      error,
      error_code: code,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      endTime: performance.timeOrigin + end,
    });
  }
}

/** A VU's transport. */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  return new Transport(options);
}
