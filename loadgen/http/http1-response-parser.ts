/**
 * Incremental HTTP/1.1 response parser: fed the socket's chunks as they arrive, it parses the
 * status line and headers (names canonicalised Go-style, repeats joined with ', '), then frames the
 * body by RFC 9112 §6.3: none for HEAD / 1xx / 204 / 304, `Transfer-Encoding: chunked`,
 * `Content-Length`, or else until the server closes. Interim 1xx responses (other than 101) are
 * skipped as Go does. Body chunks are kept as zero-copy views of the socket's buffers (or only
 * counted when the body is to be discarded). Pipelining is not supported: bytes after a complete
 * response are reported so the connection can be dropped.
 */
import zlib from 'node:zlib';
import { canonicalHeaderName } from './header-names.ts';

export class ParseError extends Error {}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkExt,
  ChunkSizeLf,
  ChunkData,
  ChunkDataCr,
  ChunkDataLf,
  TrailerStart,
  TrailerLine,
  TrailerEndLf,
  UntilEof,
  Done,
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const MAX_HEAD = 1 << 20; // Go's default MaxResponseHeaderBytes is 1 MB.

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export class Http1ResponseParser {
  status = 0;
  statusText = '';
  proto = '';
  headers: Record<string, string> = {};
  /** The connection may be reused once this response is done. */
  keepAlive = true;
  /** Body bytes so far (after de-chunking). */
  bodyLength = 0;
  bodyChunks: Buffer[] = [];
  private state = State.Head;
  private pendingHead: Buffer | null = null;
  private remaining = 0;
  private noBody = false;
  private keepBody = true;

  /** Ready for a new response. `noBody`: the request was HEAD. `keepBody`: false discards body bytes. */
  reset(noBody: boolean, keepBody: boolean): void {
    this.status = 0;
    this.statusText = '';
    this.proto = '';
    this.headers = {};
    this.keepAlive = true;
    this.bodyLength = 0;
    this.bodyChunks = [];
    this.state = State.Head;
    this.pendingHead = null;
    this.remaining = 0;
    this.noBody = noBody;
    this.keepBody = keepBody;
  }

  get done(): boolean {
    return this.state === State.Done;
  }

  /** The body runs until the server closes the connection. */
  get untilEof(): boolean {
    return this.state === State.UntilEof;
  }

  /**
   * Consumes `buf`. Returns -1 while the response is incomplete, else the number of bytes of `buf`
   * that belonged to it (the rest is unsolicited). Throws ParseError on malformed input.
   */
  execute(buf: Buffer): number {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case State.Head: {
          let data = buf;
          let from = pos;
          let searchFrom = pos;
          if (this.pendingHead !== null) {
            const prev = this.pendingHead;
            data = Buffer.concat([prev, pos === 0 ? buf : buf.subarray(pos)]);
            searchFrom = Math.max(0, prev.length - 3);
            from = 0;
          }
          const end = data.indexOf(CRLFCRLF, searchFrom);
          if (end < 0) {
            if (data.length - from > MAX_HEAD) throw new ParseError('net/http: server response headers exceeded 1048576 bytes; aborted');
            this.pendingHead = data === buf ? buf.subarray(from) : data; // socket buffers are never reused
            return -1;
          }
          const headEnd = end + 4;
          const consumedFromBuf = this.pendingHead !== null ? headEnd - this.pendingHead.length : headEnd - pos;
          this.pendingHead = null;
          this.parseHead(data.toString('latin1', from, end));
          pos += consumedFromBuf;
          break;
        }
        case State.Length: {
          const take = Math.min(this.remaining, len - pos);
          this.addBody(buf, pos, pos + take);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.Done;
          break;
        }
        case State.UntilEof:
          this.addBody(buf, pos, len);
          pos = len;
          break;
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - pos);
          this.addBody(buf, pos, pos + take);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.ChunkDataCr;
          break;
        }
        case State.Done:
          return pos;
        default:
          pos = this.chunkFraming(buf, pos);
      }
      if (this.state === State.Done) return pos;
    }
    return this.state === State.Done ? pos : -1;
  }

  /** The server closed the connection: completes a read-until-close body; false if the response was cut short. */
  finishAtEof(): boolean {
    if (this.state === State.UntilEof) this.state = State.Done;
    return this.state === State.Done;
  }

  private addBody(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.bodyLength += to - from;
    if (this.keepBody) this.bodyChunks.push(from === 0 && to === buf.length ? buf : buf.subarray(from, to));
  }

  /** Chunk-size lines, chunk CRLFs and trailers, a byte at a time (they are short). */
  private chunkFraming(buf: Buffer, pos: number): number {
    const len = buf.length;
    while (pos < len) {
      const c = buf[pos++];
      switch (this.state) {
        case State.ChunkSize: {
          const v = hexValue(c);
          if (v >= 0) {
            if (this.remaining > 0x7fffffffff) throw new ParseError('http chunk length too large');
            this.remaining = this.remaining * 16 + v;
          } else if (c === 13) this.state = State.ChunkSizeLf;
          else if (c === 59 || c === 32 || c === 9) this.state = State.ChunkExt;
          else throw new ParseError('invalid byte in chunk length');
          break;
        }
        case State.ChunkExt:
          if (c === 13) this.state = State.ChunkSizeLf;
          else if (c === 10) return this.chunkSizeDone(pos);
          break;
        case State.ChunkSizeLf:
          if (c !== 10) throw new ParseError('malformed chunked encoding');
          return this.chunkSizeDone(pos);
        case State.ChunkDataCr:
          if (c !== 13) throw new ParseError('malformed chunked encoding');
          this.state = State.ChunkDataLf;
          break;
        case State.ChunkDataLf:
          if (c !== 10) throw new ParseError('malformed chunked encoding');
          this.state = State.ChunkSize;
          this.remaining = 0;
          break;
        case State.TrailerStart:
          if (c === 13) this.state = State.TrailerEndLf;
          else if (c === 10) {
            this.state = State.Done;
            return pos;
          } else this.state = State.TrailerLine;
          break;
        case State.TrailerLine:
          if (c === 10) this.state = State.TrailerStart;
          break;
        case State.TrailerEndLf:
          if (c !== 10) throw new ParseError('malformed chunked encoding');
          this.state = State.Done;
          return pos;
        default:
          return pos - 1;
      }
    }
    return pos;
  }

  private chunkSizeDone(pos: number): number {
    this.state = this.remaining === 0 ? State.TrailerStart : State.ChunkData;
    return pos;
  }

  private parseHead(head: string): void {
    let lineEnd = head.indexOf('\r\n');
    if (lineEnd < 0) lineEnd = head.length;
    const line = head.slice(0, lineEnd);
    const sp = line.indexOf(' ');
    const proto = sp > 0 ? line.slice(0, sp) : '';
    if (!proto.startsWith('HTTP/1.') || line.length < sp + 4) throw new ParseError(`malformed HTTP response ${JSON.stringify(line)}`);
    const status = Number(line.slice(sp + 1, sp + 4));
    if (!(status >= 100 && status <= 999) || (line.length > sp + 4 && line.charCodeAt(sp + 4) !== 32)) {
      throw new ParseError(`malformed HTTP status code ${JSON.stringify(line.slice(sp + 1))}`);
    }
    const headers: Record<string, string> = {};
    let contentLength = -1;
    let chunked = false;
    let connection = '';
    let last = '';
    let start = lineEnd + 2;
    while (start < head.length) {
      let end = head.indexOf('\r\n', start);
      if (end < 0) end = head.length;
      const c0 = head.charCodeAt(start);
      if ((c0 === 32 || c0 === 9) && last !== '') {
        headers[last] += ' ' + head.slice(start, end).trim(); // obsolete line folding
      } else {
        const colon = head.indexOf(':', start);
        if (colon < 0 || colon > end) throw new ParseError(`malformed MIME header line: ${head.slice(start, end)}`);
        const name = canonicalHeaderName(head.slice(start, colon));
        const value = head.slice(colon + 1, end).trim();
        const prev = headers[name];
        headers[name] = prev === undefined ? value : prev + ', ' + value;
        last = name;
        if (name === 'Content-Length') {
          const n = Number(value);
          if (!/^\d+$/.test(value) || (contentLength >= 0 && contentLength !== n)) throw new ParseError(`bad Content-Length ${JSON.stringify(value)}`);
          contentLength = n;
        } else if (name === 'Transfer-Encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(headers[name]);
        else if (name === 'Connection') connection = headers[name].toLowerCase();
      }
      start = end + 2;
    }
    if (status >= 100 && status < 200 && status !== 101) return; // interim response: keep reading
    this.proto = proto;
    this.status = status;
    this.statusText = line.length > sp + 5 ? line.slice(sp + 5) : '';
    this.headers = headers;
    const http10 = proto === 'HTTP/1.0';
    this.keepAlive = http10 ? /\bkeep-alive\b/.test(connection) : !/\bclose\b/.test(connection);
    if (status === 101) this.keepAlive = false; // the connection now speaks another protocol
    if (this.noBody || status === 204 || status === 304 || status < 200) this.state = State.Done;
    else if (chunked) {
      this.state = State.ChunkSize;
      this.remaining = 0;
    } else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? State.Done : State.Length;
    } else {
      this.state = State.UntilEof;
      this.keepAlive = false;
    }
  }
}

type Decoder = (b: Buffer) => Buffer;
const DECODERS: Record<string, Decoder | undefined> = {
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: (b) => ((b[0] & 0x0f) === 8 ? zlib.inflateSync(b) : zlib.inflateRawSync(b)), // zlib-wrapped or raw
  br: zlib.brotliDecompressSync,
  zstd: (zlib as unknown as { zstdDecompressSync?: Decoder }).zstdDecompressSync, // node >= 22.15
};

/**
 * The whole body, with its Content-Encoding list undone last coding first, as k6 does (k6 sends no
 * Accept-Encoding but decodes what it gets); unknown codings leave the bytes as they are. Throws
 * on corrupt data (k6's 1701).
 */
export function responseBody(chunks: Buffer[], length: number, encoding: string | undefined): Buffer {
  let body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
  if (encoding === undefined || body.length === 0) return body;
  const codings = encoding.toLowerCase().split(',');
  for (let i = codings.length - 1; i >= 0; i--) {
    const decode = DECODERS[codings[i].trim()];
    if (decode !== undefined) body = decode(body);
  }
  return body;
}

/** A fresh, unshared ArrayBuffer holding `buf` (socket buffers are views of larger ones). */
export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  return ab;
}
