/**
 * Slow and bad REST clients, on every REST server (they share one node:http setup): slowloris
 * connections (silent, trickling headers, trickling a body) are answered 408 and closed by the
 * header / body timeouts while a normal client is served; a chunked body over the limit is
 * stopped with 413 and the connection closed long before the client is done sending; many idle
 * kept-alive connections neither block a client nor outlive the idle timeout; 100 clients that
 * disconnect mid-body leave no socket, queued call or in-flight predict behind; and clients that
 * give up while their call is queued take it out of the queue.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { MONITORING_PATH, parseMetrics } from '../../servers/rest/monitoring.ts';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';

const LIMITS = { headerTimeoutMs: 300, bodyTimeoutMs: 600, idleTimeoutMs: 500 };
const MAX_BODY = 64 * 1024;
const body = JSON.stringify({ instances: [nestedImage(testImages(1)[0])] });
const predictPath = '/v1/models/cifar10:predict';

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

/** A raw connection: what it received, and when it was closed. */
function rawClient(url: string, onConnect: (socket: net.Socket) => void) {
  const socket = net.connect(hostPort(url));
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => {});
  socket.on('connect', () => onConnect(socket));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  return { socket, closed };
}

/** Writes `text` one piece every `everyMs` while the socket is open (bounded: at most 1000 pieces). */
function trickle(socket: net.Socket, piece: string, everyMs: number) {
  let n = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || ++n > 1000) return clearInterval(timer);
    socket.write(piece);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

const predictOk = async (url: string) => {
  const r = await fetch(url + predictPath, { method: 'POST', body });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).predictions.length, 1);
};

async function until(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 5000) {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`${what}: not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
const metricsOf = async (url: string) => parseMetrics(await (await fetch(url + MONITORING_PATH)).text());

for (const spec of ['embedded', 'express', 'fastify', 'gateway:null']) {
  describe(`slow and bad clients: ${spec}`, () => {
    const start = (extra: object = {}) => startUnderTest(spec, { maxBodyBytes: MAX_BODY, limits: LIMITS, ...extra });
    const withTarget = (fn: (t: TargetUnderTest) => Promise<void>, extra?: object) => async () => {
      const target = await start(extra);
      try {
        await fn(target);
      } finally {
        await target.close();
      }
    };

    test('slowloris connections get 408 and are closed by the timeouts while a normal client is served', withTarget(async (target) => {
      const silent = rawClient(target.url, () => {});
      const headers = rawClient(target.url, (s) => {
        s.write(`POST ${predictPath} HTTP/1.1\r\nHost: x\r\n`);
        trickle(s, 'X-Slow: 1\r\n', 50);
      });
      const slowBody = rawClient(target.url, (s) => {
        s.write(`POST ${predictPath} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`);
        trickle(s, ' ', 50);
      });
      await predictOk(target.url);
      for (const [name, client] of Object.entries({ silent, headers, slowBody })) {
        // Timeouts of 300 / 600 ms: closed within 3 s, not at Node's 30 s check or never.
        const received = await Promise.race([client.closed, new Promise<string>((r) => setTimeout(() => r('still open after 3 s'), 3000))]);
        assert.match(received, /^HTTP\/1\.1 408/, `${name} got ${JSON.stringify(received.slice(0, 40))}`);
      }
      await predictOk(target.url);
    }));

    test('a chunked body over the limit is stopped with 413 and the connection closed, not read to the end', withTarget(async (target) => {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const mostBytes = 256 * MAX_BODY; // 16 MB: far past the limit and any socket buffers
      let written = 0;
      const client = rawClient(target.url, (s) => {
        s.write(`POST ${predictPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const pump = () => {
          while (!s.destroyed && written < mostBytes) {
            written += chunk.length;
            if (!s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void s.once('drain', pump);
          }
        };
        pump();
      });
      const received = await client.closed;
      assert.match(received, /^HTTP\/1\.1 413/);
      assert.match(received, /larger than the limit of 65536 bytes/);
      assert.ok(written < mostBytes, `the server closed the connection after ${written} bytes, before the client was done`);
      await predictOk(target.url);
    }));

    test('many idle kept-alive connections do not block a client and are closed after the idle timeout', withTarget(async (target) => {
      const clients = Array.from({ length: 200 }, () =>
        rawClient(target.url, (s) => s.write('GET /v1/models/cifar10 HTTP/1.1\r\nHost: x\r\n\r\n')),
      );
      await predictOk(target.url);
      const received = await Promise.all(clients.map((c) => c.closed));
      assert.ok(received.every((r) => r.startsWith('HTTP/1.1 200')), 'each idle connection was answered, then closed');
    }));

    test('100 clients disconnecting mid-body leave no socket and no pending work', withTarget(async (target) => {
      await predictOk(target.url);
      const before = tcpHandles();
      const half = body.slice(0, body.length >> 1);
      const aborted = Array.from({ length: 100 }, () =>
        rawClient(target.url, (s) => {
          s.write(`POST ${predictPath} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${half}`, () => setTimeout(() => s.destroy(), 10));
        }),
      );
      await Promise.all(aborted.map((c) => c.closed));
      await until('the server closed every aborted connection', () => tcpHandles() <= before);
      await predictOk(target.url);
      if (!target.servesModel) return;
      const metrics = await metricsOf(target.url);
      assert.equal(metrics.servebench_predict_in_flight, 0);
      assert.equal(metrics.servebench_queue_depth, 0);
    }));
  });
}

for (const spec of ['embedded', 'express', 'fastify']) {
  test(`${spec}: clients that give up while queued take their calls out of the queue`, async (t) => {
    const target = await startUnderTest(spec, { workers: 1, delayMs: 1500 });
    t.after(() => target.close());
    let firstDone = false;
    const running = predictOk(target.url).then(() => (firstDone = true));
    await until('the first call runs', async () => (await metricsOf(target.url)).servebench_inferences_running === 1);
    const controllers = Array.from({ length: 10 }, () => new AbortController());
    const queued = controllers.map((c) => fetch(target.url + predictPath, { method: 'POST', body, signal: c.signal }).catch(() => 'aborted'));
    await until('ten calls wait', async () => (await metricsOf(target.url)).servebench_queue_depth === 10);
    for (const c of controllers) c.abort();
    assert.deepEqual(new Set(await Promise.all(queued)), new Set(['aborted']));
    await until('the queue empties', async () => (await metricsOf(target.url)).servebench_queue_depth === 0);
    assert.equal(firstDone, false, 'the abandoned calls left the queue at once, not after the worker reached them');
    await running;
    const metrics = await metricsOf(target.url);
    assert.equal(metrics.servebench_predict_cancelled_total, 10);
    assert.equal(metrics.servebench_predict_in_flight, 0);
    assert.equal(metrics.servebench_predict_admitted_total, 11);
  });
}
