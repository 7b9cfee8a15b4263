/**
 * The HTTP transport against real loopback servers (node:http, and raw node:net for exact bytes
 * and odd framings): bodies, keep-alive reuse, chunked and large bodies, HEAD/204, Connection:
 * close, idle-close retry, timeouts and refused connections (k6 error codes), timings, headers,
 * byte counts, decoding and the per-host connection limit.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import zlib from 'node:zlib';
import { createHttpTransport } from '../../loadgen/http/http-transport.ts';
import { canonicalHeaderName } from '../../loadgen/http/header-names.ts';
import type { HttpRequestSpec } from '../../loadgen/http/http-types.ts';

const servers: (http.Server | net.Server)[] = [];
after(() => {
  for (const s of servers) {
    (s as http.Server).closeAllConnections?.();
    s.close();
  }
});

async function listen<S extends http.Server | net.Server>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const spec = (url: string, extra: Partial<HttpRequestSpec> = {}): HttpRequestSpec => ({
  method: 'GET', url, headers: {}, timeoutMs: 5000, responseType: 'text', ...extra,
});

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts)));
  });
}

const sockets: net.Socket[] = [];
const big = Buffer.alloc(5 * 1024 * 1024, 0).map((_, i) => (i * 7) & 0xff);

const base = await listen(http.createServer(async (req, res) => {
  sockets.push(req.socket);
  const body = await readBody(req);
  const path = req.url ?? '/';
  if (path === '/echo') {
    res.setHeader('x-foo-bar', '1');
    res.setHeader('server-timing', 'db;dur=1');
    res.setHeader('x-multi', ['a', 'b']);
    res.end(JSON.stringify({ method: req.method, len: body.length, text: body.toString(), headers: req.headers }));
  } else if (path === '/chunked') {
    res.write('hello, ');
    setTimeout(() => { res.write('chunked '); setTimeout(() => res.end('world'), 5); }, 5);
  } else if (path === '/big') res.end(big);
  else if (path === '/head') { res.setHeader('content-length', '100'); res.end(req.method === 'HEAD' ? undefined : 'x'.repeat(100)); }
  else if (path === '/204') { res.statusCode = 204; res.end(); }
  else if (path === '/close') { res.setHeader('connection', 'close'); res.end('bye'); }
  else if (path === '/delay') setTimeout(() => res.end('late'), 50);
  else if (path === '/hang') { /* never answers */ }
  else if (path === '/drop-second') {
    if (sockets.filter((s) => s === req.socket).length >= 2) req.socket.destroy();
    else res.end('first');
  } else if (path === '/gzip') { res.setHeader('content-encoding', 'gzip'); res.end(zlib.gzipSync('zipped text')); }
  else res.end('ok');
}));

test('GET: status, proto, canonical and joined headers, text body', async () => {
  const t = createHttpTransport({ userAgent: 'ua-test' });
  const r = await t.request(spec(`${base}/echo`, { headers: { 'x-custom': 'v' } }));
  assert.equal(r.error, '');
  assert.equal(r.error_code, 0);
  assert.equal(r.status, 200);
  assert.equal(r.statusText, 'OK');
  assert.equal(r.proto, 'HTTP/1.1');
  assert.equal(r.headers['X-Foo-Bar'], '1');
  assert.equal(r.headers['Server-Timing'], 'db;dur=1');
  assert.equal(r.headers['X-Multi'], 'a, b');
  assert.ok(r.headers['Content-Type'] === undefined && r.headers['Content-Length'] !== undefined);
  const got = JSON.parse(r.body as string);
  assert.equal(got.method, 'GET');
  assert.equal(got.headers['user-agent'], 'ua-test');
  assert.equal(got.headers['x-custom'], 'v');
  assert.equal(got.headers.host, base.slice(7));
  assert.equal(got.headers['content-length'], undefined);
  t.close();
});

test('POST string and Uint8Array bodies', async () => {
  const t = createHttpTransport();
  const s = await t.request(spec(`${base}/echo`, { method: 'POST', body: 'héllo', headers: { 'content-type': 'text/plain' } }));
  const sb = JSON.parse(s.body as string);
  assert.equal(sb.text, 'héllo');
  assert.equal(sb.headers['content-length'], '6');
  assert.equal(sb.headers['content-type'], 'text/plain');
  const u = await t.request(spec(`${base}/echo`, { method: 'POST', body: new Uint8Array([104, 105]) }));
  assert.equal(JSON.parse(u.body as string).text, 'hi');
  const empty = await t.request(spec(`${base}/echo`, { method: 'POST' }));
  assert.equal(JSON.parse(empty.body as string).headers['content-length'], '0');
  const upload = await t.request(spec(`${base}/echo`, { method: 'PUT', body: big }));
  assert.equal(JSON.parse(upload.body as string).len, big.length);
  t.close();
});

test('large text bodies: multi-byte text arrives intact, the same content twice from two strings, many distinct bodies', async () => {
  const t = createHttpTransport();
  const text = (n: number) => `{"instances":[${'[0.5,"é€😀"],'.repeat(n)}[1]]}`;
  const first = text(400);
  const copy = JSON.parse(JSON.stringify(first)) as string; // equal content, another string object
  for (const body of [first, copy, first]) {
    const r = await t.request(spec(`${base}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    const echoed = JSON.parse(r.body as string);
    assert.equal(echoed.text, first);
    assert.equal(Number(echoed.headers['content-length']), Buffer.byteLength(first));
    assert.equal(r.bytesSent > Buffer.byteLength(first), true);
  }
  // More distinct large bodies than the cache keeps: each still goes out as itself.
  for (let i = 0; i < 40; i++) {
    const body = `${i}:${'x'.repeat(2000 + i)}`;
    const r = await t.request(spec(`${base}/echo`, { method: 'PUT', body }));
    assert.equal(JSON.parse(r.body as string).text, body);
  }
  t.close();
});

test('keep-alive: the same socket is reused and connecting is 0', async () => {
  const t = createHttpTransport();
  const n = sockets.length;
  const a = await t.request(spec(`${base}/echo`));
  const b = await t.request(spec(`${base}/echo`));
  assert.equal(sockets[n], sockets[n + 1]);
  assert.ok(a.timings.connecting > 0);
  assert.equal(b.timings.connecting, 0);
  assert.equal(b.timings.tls_handshaking, 0);
  t.close();
});

test('chunked, large, HEAD and 204 responses', async () => {
  const t = createHttpTransport();
  assert.equal((await t.request(spec(`${base}/chunked`))).body, 'hello, chunked world');
  const bin = await t.request(spec(`${base}/big`, { responseType: 'binary' }));
  assert.ok(bin.body instanceof ArrayBuffer);
  assert.ok(Buffer.from(bin.body).equals(big));
  assert.equal(bin.body.byteLength, big.length);
  structuredClone(bin);
  const none = await t.request(spec(`${base}/big`, { responseType: 'none' }));
  assert.equal(none.body, null);
  assert.ok(none.bytesReceived > big.length);
  const head = await t.request(spec(`${base}/head`, { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['Content-Length'], '100');
  const nc = await t.request(spec(`${base}/204`));
  assert.equal(nc.status, 204);
  assert.equal(nc.body, '');
  const after = await t.request(spec(`${base}/head`));
  assert.equal(after.body, 'x'.repeat(100));
  assert.equal(after.timings.connecting, 0);
  t.close();
});

test('Connection: close from the server, then a fresh connection', async () => {
  const t = createHttpTransport();
  const n = sockets.length;
  assert.equal((await t.request(spec(`${base}/close`))).body, 'bye');
  const r = await t.request(spec(`${base}/echo`));
  assert.equal(r.status, 200);
  assert.notEqual(sockets[n], sockets[n + 1]);
  assert.ok(r.timings.connecting > 0);
  t.close();
});

test('a server closing an idle connection does not fail the next request', async () => {
  const server = http.createServer((_req, res) => res.end('ok'));
  server.keepAliveTimeout = 30;
  const url = await listen(server);
  const t = createHttpTransport();
  assert.equal((await t.request(spec(url))).status, 200);
  await new Promise((r) => setTimeout(r, 100));
  const r = await t.request(spec(url));
  assert.equal(r.error, '');
  assert.equal(r.status, 200);
  t.close();
});

test('a reused connection dropped before the response: GET retried, POST fails like Go', async () => {
  const t = createHttpTransport();
  assert.equal((await t.request(spec(`${base}/drop-second`))).body, 'first');
  const r = await t.request(spec(`${base}/drop-second`));
  assert.equal(r.error, '');
  assert.equal(r.body, 'first');
  const post = await t.request(spec(`${base}/drop-second`, { method: 'POST', body: 'x' }));
  assert.equal(post.status, 0);
  assert.equal(post.body, null);
  assert.ok(post.error_code === 1000 || post.error_code === 1220, `${post.error_code} ${post.error}`);
  assert.ok(post.bytesSent > 0);
  t.close();
});

test('timeout: 1050, status 0, body null', async () => {
  const t = createHttpTransport();
  const t0 = performance.now();
  const r = await t.request(spec(`${base}/hang`, { timeoutMs: 100 }));
  assert.equal(r.error_code, 1050);
  assert.equal(r.error, 'request timeout');
  assert.equal(r.status, 0);
  assert.equal(r.body, null);
  assert.ok(performance.now() - t0 >= 95);
  // The timer runs from the start of the request: on a loaded machine dialling can take part of it.
  const tm = r.timings;
  assert.ok(tm.waiting > 0 && tm.blocked + tm.connecting + tm.sending + tm.waiting >= 90, JSON.stringify(tm));
  assert.equal((await t.request(spec(`${base}/echo`))).status, 200);
  t.close();
});

test('connection refused: 1212 with Go text; invalid URL: 1020', async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  const t = createHttpTransport();
  const r = await t.request(spec(`http://127.0.0.1:${port}/`));
  assert.equal(r.error_code, 1212);
  assert.equal(r.error, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
  assert.equal(r.status, 0);
  assert.equal(r.body, null);
  assert.equal((await t.request(spec('not a url'))).error_code, 1020);
  t.close();
});

test('timings: duration = sending + waiting + receiving; a 50 ms server shows in waiting', async () => {
  const t = createHttpTransport();
  for (const path of ['/delay', '/big', '/chunked']) {
    const { timings: tm, endTime } = await t.request(spec(`${base}${path}`));
    assert.ok(Math.abs(tm.duration - (tm.sending + tm.waiting + tm.receiving)) < 1e-6);
    for (const v of Object.values(tm)) assert.ok(v >= 0);
    assert.ok(Math.abs(endTime - Date.now()) < 1000);
    if (path === '/delay') assert.ok(tm.waiting >= 45, `waiting ${tm.waiting}`);
  }
  t.close();
});

test('exact byte counts; split heads, interim 1xx, chunk extensions, body until EOF', async () => {
  const reply = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello';
  let received = 0;
  const url = await listen(net.createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      received += d.length;
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const cl = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? 0);
      if (buf.length < end + 4 + cl) return;
      const path = buf.split(' ')[1];
      buf = '';
      if (path === '/exact') sock.write(reply);
      else if (path === '/split') {
        sock.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Crea');
        setTimeout(() => sock.write('ted\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r'), 10);
        setTimeout(() => sock.write('\n0\r\nTrailer: x\r\n\r\n'), 20);
      } else if (path === '/eof') sock.end('HTTP/1.0 200 OK\r\n\r\nuntil eof');
    });
  }));
  const t = createHttpTransport({ userAgent: '' });
  const r = await t.request(spec(`${url}/exact`, { method: 'POST', body: 'abc' }));
  assert.equal(r.body, 'hello');
  assert.equal(r.headers['X-A'], '1, 2');
  assert.equal(r.bytesReceived, Buffer.byteLength(reply));
  assert.equal(r.bytesSent, received);
  const split = await t.request(spec(`${url}/split`));
  assert.equal(split.status, 201);
  assert.equal(split.statusText, 'Created');
  assert.equal(split.body, 'abc');
  const eof = await t.request(spec(`${url}/eof`));
  assert.equal(eof.proto, 'HTTP/1.0');
  assert.equal(eof.body, 'until eof');
  t.close();
});

test('Content-Encoding gzip is decoded; parallel requests open several connections; the per-host limit queues', async () => {
  const t = createHttpTransport();
  assert.equal((await t.request(spec(`${base}/gzip`))).body, 'zipped text');
  const n = sockets.length;
  await Promise.all([1, 2, 3, 4].map(() => t.request(spec(`${base}/delay`))));
  assert.equal(new Set(sockets.slice(n)).size, 4);
  t.close();
  const one = createHttpTransport({ maxConnectionsPerHost: 1 });
  const m = sockets.length;
  const rs = await Promise.all([1, 2, 3].map(() => one.request(spec(`${base}/delay`))));
  assert.ok(rs.every((r) => r.status === 200));
  assert.equal(new Set(sockets.slice(m)).size, 1);
  assert.ok(Math.max(...rs.map((r) => r.timings.blocked)) >= 90);
  one.close();
});

function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-transport-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`,
      '-subj', '/CN=localhost', '-days', '1', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: fs.readFileSync(`${dir}/k.pem`), cert: fs.readFileSync(`${dir}/c.pem`) };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('https: insecureSkipTLSVerify connects and times the handshake; an untrusted certificate is 1310', async (t) => {
  const creds = selfSignedCert();
  if (creds === null) return t.skip('no openssl');
  const url = (await listen(https.createServer(creds, (_req, res) => res.end('secure')))).replace('http:', 'https:');
  const insecure = createHttpTransport({ insecureSkipTLSVerify: true });
  const a = await insecure.request(spec(url));
  assert.equal(a.body, 'secure');
  assert.ok(a.timings.tls_handshaking > 0);
  const b = await insecure.request(spec(url));
  assert.equal(b.timings.tls_handshaking, 0);
  assert.equal(b.timings.connecting, 0);
  insecure.close();
  const strict = createHttpTransport();
  const r = await strict.request(spec(url));
  assert.equal(r.error_code, 1310);
  assert.equal(r.status, 0);
  strict.close();
});

test('canonical header names like Go textproto', () => {
  assert.equal(canonicalHeaderName('content-type'), 'Content-Type');
  assert.equal(canonicalHeaderName('x-foo-bar'), 'X-Foo-Bar');
  assert.equal(canonicalHeaderName('SERVER-TIMING'), 'Server-Timing');
  assert.equal(canonicalHeaderName('bad name'), 'bad name');
});
