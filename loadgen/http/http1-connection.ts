/**
 * One HTTP/1.1 client connection on a `node:net` (or `node:tls`) socket, running one exchange at a
 * time (no pipelining). It reports each phase to the exchange that owns it — DNS lookup done, TCP
 * connected, TLS done, request handed to the kernel (write callback), first response byte,
 * response complete — which is what k6's blocked / connecting / tls_handshaking / sending /
 * waiting / receiving timings are made of. The request head and body go out in one write (or one
 * corked writev for binary bodies); the response is parsed incrementally by Http1ResponseParser.
 * Idle connections are unref'd so a forgotten transport does not keep the process alive.
 * Also here: the Go-style request head (buildRequestHead) and the mapping of socket / TLS errors
 * to k6's error codes and Go-like texts (k6ErrorFor).
 */
import net from 'node:net';
import tls from 'node:tls';
import { canonicalHeaderName, isValidHeaderName } from './header-names.ts';
import { Http1ResponseParser } from './http1-response-parser.ts';

/** The exchange (request) currently using a connection. Times are performance.now() values. */
export interface ConnectionOwner {
  onLookup(at: number): void;
  onTcpConnect(at: number): void;
  /** Connected (and TLS done): the request can be sent. */
  onReady(conn: Http1Connection, at: number): void;
  onSent(at: number): void;
  onFirstByte(at: number): void;
  /** conn.parser holds the complete response. */
  onResponse(conn: Http1Connection): void;
  /** Connect or exchange failed; the connection is already destroyed. */
  onError(conn: Http1Connection, err: Error): void;
}

export interface DialOptions {
  host: string;
  port: number;
  tls: boolean;
  /** SNI name (not set for IP literals). */
  servername?: string;
  insecureSkipTLSVerify?: boolean;
}

export class Http1Connection {
  readonly socket: net.Socket;
  readonly parser = new Http1ResponseParser();
  readonly key: string;
  /** Exchanges started on this connection. */
  uses = 0;
  ready = false;
  closed = false;
  /** Bytes received for the current exchange. */
  bytesIn = 0;
  /** 'local->remote' once TCP-connected (for Go-style error texts). */
  addresses = '';
  /** The pool's hook, called once when the connection dies. */
  onDead: ((conn: Http1Connection) => void) | null = null;
  private owner: ConnectionOwner | null;
  private exchanging = false;
  private seq = 0;
  private junk = false;
  readonly dial: DialOptions;

  constructor(key: string, dial: DialOptions, owner: ConnectionOwner) {
    this.key = key;
    this.dial = dial;
    this.owner = owner;
    const socket = dial.tls
      ? tls.connect({
          host: dial.host,
          port: dial.port,
          servername: dial.servername,
          rejectUnauthorized: !dial.insecureSkipTLSVerify,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: dial.host, port: dial.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('lookup', (err: Error | null) => {
      if (!err) this.owner?.onLookup(performance.now());
    });
    socket.once('connect', () => {
      const at = performance.now();
      this.addresses = `${hostPort(socket.localAddress, socket.localPort)}->${hostPort(socket.remoteAddress, socket.remotePort)}`;
      this.owner?.onTcpConnect(at);
      if (!dial.tls) this.becomeReady(at);
    });
    if (dial.tls) socket.once('secureConnect', () => this.becomeReady(performance.now()));
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onClose);
  }

  /** Usable for another exchange. */
  get alive(): boolean {
    return this.ready && !this.closed && !this.junk && !this.socket.destroyed;
  }

  /** Sends one request. `noBody`: HEAD (no response body); `keepBody`: false discards the body bytes. */
  send(owner: ConnectionOwner, head: string, body: string | Uint8Array | undefined, noBody: boolean, keepBody: boolean): void {
    this.owner = owner;
    this.exchanging = true;
    this.bytesIn = 0;
    this.uses++;
    this.parser.reset(noBody, keepBody);
    const socket = this.socket;
    socket.ref();
    const seq = ++this.seq;
    const done = (err?: Error | null) => {
      if (!err && seq === this.seq && this.owner !== null) this.owner.onSent(performance.now());
    };
    if (body === undefined || body.length === 0) socket.write(head, 'utf8', done);
    else if (typeof body === 'string') socket.write(head + body, 'utf8', done);
    else {
      socket.cork();
      socket.write(head, 'utf8');
      socket.write(body, done);
      socket.uncork();
    }
  }

  /** Back to the pool: no owner, unref'd. */
  release(): void {
    this.owner = null;
    this.exchanging = false;
    this.socket.unref();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner = null;
    this.socket.destroy();
    this.dead();
  }

  private becomeReady(at: number): void {
    this.ready = true;
    this.owner?.onReady(this, at);
  }

  private fail(err: Error): void {
    const owner = this.owner;
    this.owner = null;
    this.exchanging = false;
    if (!this.closed) {
      this.closed = true;
      this.socket.destroy();
    }
    this.dead();
    if (owner !== null) owner.onError(this, err);
  }

  private dead(): void {
    const hook = this.onDead;
    this.onDead = null;
    if (hook !== null) hook(this);
  }

  private readonly onData = (buf: Buffer): void => {
    const owner = this.owner;
    if (owner === null || !this.exchanging) {
      this.destroy(); // unsolicited bytes on an idle connection
      return;
    }
    if (this.bytesIn === 0) owner.onFirstByte(performance.now());
    this.bytesIn += buf.length;
    let used: number;
    try {
      used = this.parser.execute(buf);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (used < 0) return;
    if (used < buf.length) this.junk = true;
    this.exchanging = false;
    this.owner = null;
    owner.onResponse(this);
  };

  private readonly onEnd = (): void => {
    if (this.exchanging && this.owner !== null && this.parser.finishAtEof()) {
      const owner = this.owner;
      this.exchanging = false;
      this.owner = null;
      this.closed = true;
      this.socket.destroy();
      owner.onResponse(this);
      this.dead();
      return;
    }
    this.fail(eofError(this.bytesIn > 0 && this.exchanging));
  };

  private readonly onSocketError = (err: Error): void => this.fail(err);

  private readonly onClose = (): void => {
    if (this.owner !== null) this.fail(eofError(this.bytesIn > 0));
    else if (!this.closed) {
      this.closed = true;
      this.dead();
    }
  };
}

export interface RequestHead {
  text: string;
  /** Head + body bytes. */
  wireBytes: number;
  /** The request asked for `Connection: close`. */
  closeAfter: boolean;
  idempotencyKey: boolean;
}

const BAD_VALUE = /[\r\n\0]/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The request head as Go writes it: names canonicalised; Host, User-Agent (unless ''), Content-Length
 * (with a body, or for POST/PUT/PATCH) and Basic auth from the URL added unless the script set them;
 * a script's Content-Length and Transfer-Encoding ignored. A string result is Go's error text.
 */
export function buildRequestHead(
  method: string, path: string, hostHeader: string, auth: string, userAgent: string,
  headers: Record<string, string>, body: string | Uint8Array | undefined,
): RequestHead | string {
  if (!isValidHeaderName(method)) return `net/http: invalid method ${JSON.stringify(method)}`;
  let host = hostHeader;
  let ua = userAgent;
  let rest = '';
  let closeAfter = false;
  let idempotencyKey = false;
  for (const raw in headers) {
    const value = headers[raw];
    if (!isValidHeaderName(raw)) return `net/http: invalid header field name ${JSON.stringify(raw)}`;
    if (BAD_VALUE.test(value)) return `net/http: invalid header field value for ${JSON.stringify(raw)}`;
    const name = canonicalHeaderName(raw);
    if (name === 'Host') host = value;
    else if (name === 'User-Agent') ua = value;
    else if (name !== 'Content-Length' && name !== 'Transfer-Encoding') {
      if (name === 'Authorization') auth = '';
      else if (name === 'Connection') closeAfter = /\bclose\b/i.test(value);
      else if (name === 'Idempotency-Key' || name === 'X-Idempotency-Key') idempotencyKey = true;
      rest += `${name}: ${value}\r\n`;
    }
  }
  const len = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  let text = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  if (ua !== '') text += `User-Agent: ${ua}\r\n`;
  if (len > 0 || BODY_METHODS.has(method)) text += `Content-Length: ${len}\r\n`;
  if (auth !== '') text += `Authorization: ${auth}\r\n`;
  text += rest + '\r\n';
  return { text, wireBytes: len + Buffer.byteLength(text), closeAfter, idempotencyKey };
}

function hostPort(host: string | undefined, port: number | undefined): string {
  const h = host ?? '';
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? 0}`;
}

const DIAL_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
  ETIMEDOUT: 'i/o timeout',
};

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** k6's error code and a Go-style error text for a failure on `conn` (see k6's error-codes list). */
export function k6ErrorFor(err: Error, conn: Http1Connection): { code: number; message: string } {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const { host, port } = conn.dial;
  if (code === 'EOF' || code === 'UNEXPECTED_EOF') return { code: 1000, message: err.message };
  if (code === 'ENOTFOUND') return { code: 1101, message: `dial tcp: lookup ${host}: no such host` };
  if (code === 'EAI_AGAIN') return { code: 1100, message: `dial tcp: lookup ${host}: server misbehaving` };
  if (code.startsWith('EAI_')) return { code: 1100, message: `dial tcp: lookup ${host}: ${err.message}` };
  if (conn.addresses === '') {
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    const target = hostPort(e.address ?? host, e.port ?? port);
    const reason = DIAL_REASONS[code];
    if (code === 'ECONNREFUSED') return { code: 1212, message: `dial tcp ${target}: ${reason}` };
    if (code === 'ETIMEDOUT') return { code: 1211, message: `dial tcp ${target}: ${reason}` };
    if (reason !== undefined) return { code: 1210, message: `dial tcp ${target}: ${reason}` };
    if (code.startsWith('E') && !code.startsWith('ERR_')) return { code: 1213, message: `dial tcp ${target}: ${err.message}` };
  }
  if (code === 'ECONNRESET') return { code: 1220, message: `read tcp ${conn.addresses}: read: connection reset by peer` };
  if (code === 'EPIPE') return { code: 1201, message: `write tcp ${conn.addresses}: write: broken pipe` };
  if (UNKNOWN_AUTHORITY.has(code)) {
    return { code: 1310, message: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { code: 1311, message: `tls: failed to verify certificate: x509: ${(err as Error & { reason?: string }).reason ?? err.message}` };
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('CERT_') || code.startsWith('ERR_TLS')) return { code: 1300, message: `tls: ${err.message}` };
  if (code === 'ETIMEDOUT') return { code: 1200, message: `read tcp ${conn.addresses}: read: connection timed out` };
  if (/^E[A-Z]+$/.test(code)) return { code: 1202, message: `read tcp ${conn.addresses}: ${err.message}` };
  return { code: 1000, message: err.message };
}

/** Go's io.EOF / io.ErrUnexpectedEOF, as k6 reports a server closing the connection mid-exchange. */
export function eofError(midResponse: boolean): Error {
  const err = new Error(midResponse ? 'unexpected EOF' : 'EOF');
  (err as NodeJS.ErrnoException).code = midResponse ? 'UNEXPECTED_EOF' : 'EOF';
  return err;
}
