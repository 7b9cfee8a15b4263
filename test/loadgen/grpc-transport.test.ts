/**
 * The gRPC transport against real grpc-js servers on 127.0.0.1: a raw-bytes echo server defined
 * here (metadata in and out, `-bin` keys, trailers, failures, slow answers, TLS) and our `grpc`
 * model target (Predict with a `server-timing` trailer). Also: deadline → status 4, a closed
 * port → connect rejects at its timeout in k6's words, message size limits, unknown methods.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createGrpcTransport } from '../../loadgen/grpc/grpc-transport.ts';
import type { GrpcCallSpec, GrpcConnection } from '../../loadgen/grpc/grpc-types.ts';
import { GRPC_STATUS } from '../../loadgen/grpc/grpc-status.ts';
import { loadProtoFiles } from '../../loadgen/grpc/proto-registry.ts';
import { decodeMessage, encodeMessage } from '../../loadgen/grpc/protojson-codec.ts';
import { PROTO_DIR } from '../../servers/grpc/serving-protos.ts';
import { startTarget } from '../helpers/targets.ts';

const transport = createGrpcTransport();
const raw = (path: string): grpc.MethodDefinition<Buffer, Buffer> => ({
  path, requestStream: false, responseStream: false,
  requestSerialize: (b) => b, requestDeserialize: (b) => b, responseSerialize: (b) => b, responseDeserialize: (b) => b,
});
const ECHO: grpc.ServiceDefinition = { Echo: raw('/servebench.test.Echo/Echo'), Slow: raw('/servebench.test.Echo/Slow'), Fail: raw('/servebench.test.Echo/Fail') };

/** Echoes `x-echo-*` request metadata back in the headers, and adds a text and a binary trailer. */
const handlers: grpc.UntypedServiceImplementation = {
  Echo(call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) {
    const headers = new grpc.Metadata();
    for (const [k, vs] of Object.entries(call.metadata.toJSON())) if (k.startsWith('x-echo')) for (const v of vs) headers.add(k, v);
    call.sendMetadata(headers);
    const trailers = new grpc.Metadata();
    trailers.set('x-trailer', 'done');
    trailers.set('x-trailer-bin', Buffer.from('bin-ok'));
    trailers.set('x-peer', call.getPeer());
    cb(null, call.request, trailers);
  },
  Slow(call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) {
    setTimeout(() => cb(null, call.request), Number(call.metadata.get('x-delay-ms')[0] ?? 0));
  },
  Fail(call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) {
    const metadata = new grpc.Metadata();
    metadata.set('x-why', 'asked to');
    cb({ code: Number(call.metadata.get('x-fail-code')[0]), details: String(call.metadata.get('x-fail-message')[0]), metadata });
  },
};

async function startEcho(credentials = grpc.ServerCredentials.createInsecure()): Promise<{ address: string; server: grpc.Server }> {
  const server = new grpc.Server();
  server.addService(ECHO, handlers);
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', credentials, (e, p) => (e ? rej(e) : res(p))));
  servers.push(server);
  return { address: `127.0.0.1:${port}`, server };
}

const servers: grpc.Server[] = [];
const conns: GrpcConnection[] = [];
let echo: string;
before(async () => {
  echo = (await startEcho()).address;
});
after(() => {
  for (const c of conns) c.close();
  for (const s of servers) s.forceShutdown();
});

async function connect(address = echo, extra = {}): Promise<GrpcConnection> {
  const c = await transport.connect({ address, plaintext: true, timeoutMs: 5000, ...extra });
  conns.push(c);
  return c;
}
const call = (path: string, extra: Partial<GrpcCallSpec> = {}): GrpcCallSpec => ({ path, request: new Uint8Array([8, 1]), metadata: {}, timeoutMs: 5000, ...extra });

test('unary call: bytes back, headers with echoed metadata (binary keys as bytes), trailers, timings', async () => {
  const c = await connect();
  const t0 = Date.now();
  const request = new Uint8Array(Buffer.from('0a0568656c6c6f', 'hex'));
  const r = await c.invoke(call('/servebench.test.Echo/Echo', {
    request,
    metadata: { 'x-echo-one': 'a', 'X-Echo-Many': ['b', 'c'], 'x-echo-raw-bin': new Uint8Array([0x68, 0x69]), 'x-echo-text-bin': 'héllo' },
  }));
  assert.equal(r.status, GRPC_STATUS.StatusOK);
  assert.equal(r.message, '');
  assert.deepEqual(Buffer.from(r.response as Uint8Array), Buffer.from(request));
  assert.deepEqual(r.headers['x-echo-one'], ['a']);
  assert.equal(r.headers['x-echo-many'].join(', '), 'b, c', 'both values (grpc-js servers join repeated keys)');
  assert.deepEqual(r.headers['x-echo-raw-bin'], ['hi'], 'a -bin value went as bytes and comes back as their text');
  assert.deepEqual(r.headers['x-echo-text-bin'], ['héllo'], 'a string -bin value is sent as its UTF-8 bytes');
  assert.match(r.headers['content-type'][0], /^application\/grpc/, 'headers include content-type, as grpc-go reports them');
  assert.deepEqual(r.trailers['x-trailer'], ['done']);
  assert.deepEqual(r.trailers['x-trailer-bin'], ['bin-ok']);
  assert.equal(r.trailers['grpc-status'], undefined);
  assert.ok(r.startTime >= t0 - 1 && r.endTime >= r.startTime && r.endTime <= Date.now() + 1);
  assert.doesNotThrow(() => structuredClone(r), 'results cross threads');
});

test('a failing call: its status code and message, no response, trailers kept', async () => {
  const c = await connect();
  const r = await c.invoke(call('/servebench.test.Echo/Fail', { metadata: { 'x-fail-code': String(GRPC_STATUS.StatusNotFound), 'x-fail-message': 'no such thing' } }));
  assert.equal(r.status, GRPC_STATUS.StatusNotFound);
  assert.equal(r.message, 'no such thing');
  assert.equal(r.response, null);
  assert.deepEqual(r.trailers['x-why'], ['asked to']);
});

test('the call timeout is its deadline: status 4 DEADLINE_EXCEEDED, "context deadline exceeded"', async () => {
  const c = await connect();
  const r = await c.invoke(call('/servebench.test.Echo/Slow', { metadata: { 'x-delay-ms': '1000' }, timeoutMs: 100 }));
  assert.equal(r.status, GRPC_STATUS.StatusDeadlineExceeded);
  assert.equal(r.message, 'context deadline exceeded');
  assert.ok(r.endTime - r.startTime >= 90 && r.endTime - r.startTime < 900, `took ${r.endTime - r.startTime} ms`);
  // The connection stays usable.
  assert.equal((await c.invoke(call('/servebench.test.Echo/Slow', { metadata: { 'x-delay-ms': '1' } }))).status, 0);
});

test('unknown method → UNIMPLEMENTED; message size limits → RESOURCE_EXHAUSTED', async () => {
  const c = await connect(echo, { maxReceiveSize: 1024, maxSendSize: 4096 });
  assert.equal((await c.invoke(call('/servebench.test.Echo/Nope'))).status, GRPC_STATUS.StatusUnimplemented);
  const big = (n: number) => call('/servebench.test.Echo/Echo', { request: new Uint8Array(n) });
  assert.equal((await c.invoke(big(1000))).status, GRPC_STATUS.StatusOK);
  assert.equal((await c.invoke(big(2000))).status, GRPC_STATUS.StatusResourceExhausted, 'response above maxReceiveSize');
  assert.equal((await c.invoke(big(5000))).status, GRPC_STATUS.StatusResourceExhausted, 'request above maxSendSize');
});

test('concurrent calls on one connection; each connection has its own HTTP/2 session', async () => {
  const a = await connect();
  const b = await connect();
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).invoke(call('/servebench.test.Echo/Echo', { request: new Uint8Array([i]) }))));
  results.forEach((r, i) => assert.deepEqual([...(r.response as Uint8Array)], [i]));
  const peers = (conn: number) => new Set(results.filter((_, i) => i % 2 === conn).map((r) => r.trailers['x-peer'][0]));
  assert.equal(peers(0).size, 1);
  assert.equal(peers(1).size, 1);
  assert.notDeepEqual([...peers(0)], [...peers(1)], 'two connect()s, two TCP connections');
});

test('a server that closes the connection (GOAWAY on shutdown): the next call dials again and succeeds', async () => {
  const first = await startEcho();
  const port = Number(first.address.split(':')[1]);
  const c = await connect(first.address);
  assert.equal((await c.invoke(call('/servebench.test.Echo/Echo'))).status, 0);
  await new Promise<void>((r) => first.server.tryShutdown(() => r()));
  const again = new grpc.Server();
  again.addService(ECHO, handlers);
  await new Promise<number>((res, rej) => again.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  servers.push(again);
  const r = await c.invoke(call('/servebench.test.Echo/Echo', { request: new Uint8Array([7]) }));
  assert.equal(r.status, 0, r.message);
  assert.deepEqual([...(r.response as Uint8Array)], [7]);
});

test('plain HTTP/2 answers: a trailers-only status with a percent-encoded message, a non-gRPC 503, a compressed message', async (t) => {
  const h2 = http2.createServer();
  h2.on('stream', (stream, headers) => {
    const path = headers[':path'];
    stream.on('data', () => {});
    stream.on('end', () => {
      if (path === '/t/TrailersOnly') stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '3', 'grpc-message': 'bad%20input%20%C3%A9', 'x-why': 'because' }, { endStream: true });
      else if (path === '/t/Http503') stream.respond({ ':status': 503, 'content-type': 'text/plain' }, { endStream: true });
      else {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([1, 0, 0, 0, 1, 42]));
      }
    });
  });
  await new Promise<void>((r) => h2.listen(0, '127.0.0.1', () => r()));
  t.after(() => h2.close());
  const c = await connect(`127.0.0.1:${(h2.address() as net.AddressInfo).port}`);
  const only = await c.invoke(call('/t/TrailersOnly'));
  assert.deepEqual([only.status, only.message, only.trailers['x-why']], [GRPC_STATUS.StatusInvalidArgument, 'bad input é', ['because']]);
  const unavailable = await c.invoke(call('/t/Http503'));
  assert.equal(unavailable.status, GRPC_STATUS.StatusUnavailable);
  assert.match(unavailable.message, /503/);
  const compressed = await c.invoke(call('/t/Compressed'));
  assert.equal(compressed.status, GRPC_STATUS.StatusInternal);
  assert.match(compressed.message, /compressed flag/);
  c.close();
});

test('connect to a closed port rejects at its timeout with the dial error, as k6 words it', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const t0 = Date.now();
  await assert.rejects(transport.connect({ address: `127.0.0.1:${port}`, plaintext: true, timeoutMs: 1200 }), (err: Error) => {
    assert.equal(err.message, `context deadline exceeded: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:${port}: connect: connection refused"`);
    return true;
  });
  const took = Date.now() - t0;
  assert.ok(took >= 1100 && took < 2500, `rejected after ${took} ms`);
});

test('connect to an unresolvable host: "no such host"', async () => {
  await assert.rejects(transport.connect({ address: 'no-such-host.invalid:50051', plaintext: true, timeoutMs: 1500 }), (err: Error) => {
    assert.equal(err.message, 'context deadline exceeded: connection error: desc = "transport: Error while dialing: dial tcp: lookup no-such-host.invalid: no such host"');
    return true;
  });
});

test('TLS: trusted by the given CA, or with insecureSkipVerify; a plaintext client cannot connect', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-tls-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  } catch {
    t.skip('openssl not available');
    return;
  }
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'));
  const key = fs.readFileSync(path.join(dir, 'key.pem'));
  const { address } = await startEcho(grpc.ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }]));
  for (const extra of [{ tls: { cacerts: cert.toString() } }, { insecureSkipVerify: true }]) {
    const c = await transport.connect({ address, plaintext: false, timeoutMs: 5000, ...extra });
    conns.push(c);
    assert.equal((await c.invoke(call('/servebench.test.Echo/Echo'))).status, 0);
  }
  await assert.rejects(transport.connect({ address, plaintext: false, timeoutMs: 1000 }), /context deadline exceeded/);
  await assert.rejects(transport.connect({ address, plaintext: true, timeoutMs: 1000 }), /context deadline exceeded/);
});

test('our grpc model target: Predict answers with a server-timing trailer', async (t) => {
  const target = await startTarget('grpc');
  t.after(() => target.close());
  const protos = loadProtoFiles([PROTO_DIR], ['tensorflow_serving/apis/prediction_service.proto'], process.cwd());
  const predict = protos.method('tensorflow.serving.PredictionService/Predict');
  const c = await connect(target.url.replace('grpc://', ''), { maxReceiveSize: 64 << 20, maxSendSize: 64 << 20 });
  const tensor = Buffer.alloc(32 * 32 * 3 * 4).toString('base64');
  const request = encodeMessage(predict.requestType, {
    model_spec: { name: 'cifar10', signature_name: 'serving_default' },
    inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 1 }, { size: 32 }, { size: 32 }, { size: 3 }] }, tensor_content: tensor } },
  });
  const r = await c.invoke({ path: predict.path, request, metadata: {}, timeoutMs: 10_000 });
  assert.equal(r.status, 0, r.message);
  assert.match(r.trailers['server-timing']?.[0] ?? '', /infer;dur=[\d.]+/);
  const message = decodeMessage(predict.responseType, r.response as Uint8Array) as { outputs: Record<string, { tensorContent: string }> };
  assert.equal(Buffer.from(message.outputs.probabilities.tensorContent, 'base64').length, 40);
});
