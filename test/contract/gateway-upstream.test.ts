/**
 * The gateway when its upstream model server breaks, over REST and over gRPC: an upstream that
 * refuses connections is answered 502 at once; one that accepts but never answers is answered
 * 504 after --upstream-timeout; and once the upstream is back on its address, the same gateway
 * serves again, with no restart.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startTarget } from '../helpers/targets.ts';

const UPSTREAM_TIMEOUT = 300;
const body = JSON.stringify({ instances: [nestedImage(testImages(1)[0])] });

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Accepts connections and never says a word. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

async function predict(url: string) {
  const started = performance.now();
  const res = await fetch(`${url}/v1/models/cifar10:predict`, { method: 'POST', body });
  const json = await res.json();
  return { status: res.status, error: json.error as string | undefined, ms: performance.now() - started };
}

for (const [protocol, modelServer] of [['http', 'fastify'], ['grpc', 'grpc']] as const) {
  describe(`gateway over ${protocol}`, () => {
    test('upstream refused -> 502 at once; upstream back -> served again without a restart', async (t) => {
      const port = await freePort();
      const gateway = await startTarget('gateway', { upstream: `${protocol}://127.0.0.1:${port}`, limits: { upstreamTimeoutMs: 5000 } });
      t.after(() => gateway.close());
      const refused = await predict(gateway.url);
      assert.equal(refused.status, 502, refused.error);
      assert.match(refused.error!, /upstream model server .*(unreachable|failed)/);
      assert.ok(refused.ms < 2000, `answered in ${refused.ms.toFixed(0)} ms, not after the 5 s upstream timeout`);

      const upstream = await startTarget(modelServer, { port });
      t.after(() => upstream.close());
      let answer = await predict(gateway.url);
      for (let i = 0; i < 50 && answer.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await predict(gateway.url);
      }
      assert.equal(answer.status, 200, `the gateway still fails once the upstream is back: ${answer.error}`);
    });

    test(`upstream hangs -> 504 after --upstream-timeout (${UPSTREAM_TIMEOUT} ms)`, async (t) => {
      const hung = await silentServer();
      const gateway = await startTarget('gateway', { upstream: `${protocol}://127.0.0.1:${hung.port}`, limits: { upstreamTimeoutMs: UPSTREAM_TIMEOUT } });
      t.after(async () => {
        await gateway.close();
        await hung.close();
      });
      for (let i = 0; i < 2; i++) {
        const answer = await predict(gateway.url);
        assert.equal(answer.status, 504, answer.error);
        assert.match(answer.error!, /did not answer within 300 ms \(--upstream-timeout\)/);
        assert.ok(answer.ms >= UPSTREAM_TIMEOUT - 20 && answer.ms < 5000, `answered after ${answer.ms.toFixed(0)} ms`);
      }
    });
  });
}
