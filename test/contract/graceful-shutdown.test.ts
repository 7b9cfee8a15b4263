/**
 * Graceful shutdown of `servebench serve`: SIGTERM during load stops new connections, lets every
 * admitted request finish with its answer, then the process exits 0 — on a REST target and on
 * the gRPC target. With a short --shutdown-timeout, requests still running are cut at the
 * deadline and the process exits 0 all the same.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { createServingClients, unaryCall } from '../../servers/grpc/serving-clients.ts';
import { nestedImage, testImages } from '../helpers/images.ts';
import { modelDir } from '../helpers/targets.ts';

const BIN = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
const body = JSON.stringify({ instances: [nestedImage(testImages(1)[0])] });

async function serve(target: string, flags: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', target, '--port', '0', '--model', await modelDir(), '--workers', '1', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 60 s: ${out}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => reject(new Error(`exited during start: ${out}`)));
  });
  const kill = () => child.exitCode === null && child.kill('SIGKILL');
  return { url, child, exited, kill, output: () => out };
}

const portOf = (url: string) => Number(new URL(url).port);

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

async function exitsWithin(exited: Promise<number | null>, ms: number) {
  return Promise.race([exited, new Promise<string>((r) => setTimeout(() => r(`still running after ${ms} ms`), ms))]);
}

test('fastify: SIGTERM during load finishes every admitted request, refuses new connections, exits 0', async (t) => {
  const server = await serve('fastify', ['--delay-ms', '150', '--shutdown-timeout', '20s']);
  t.after(server.kill);
  const calls = Array.from({ length: 8 }, () => fetch(`${server.url}/v1/models/cifar10:predict`, { method: 'POST', body }).then((r) => r.status));
  await new Promise((r) => setTimeout(r, 100)); // all eight sent; one runs, seven wait
  server.child.kill('SIGTERM');
  let refused = false;
  for (let i = 0; i < 100 && !refused; i++) refused = await refusesConnections(portOf(server.url));
  assert.ok(refused, 'new connections are refused while draining');
  assert.deepEqual(await Promise.all(calls), Array(8).fill(200));
  assert.equal(await exitsWithin(server.exited, 15_000), 0, server.output());
  assert.match(server.output(), /SIGTERM: no new connections; finishing admitted requests[\s\S]*stopped/);
});

test('grpc: SIGTERM during load finishes every admitted call, then exits 0', async (t) => {
  const server = await serve('grpc', ['--delay-ms', '150', '--shutdown-timeout', '20s']);
  t.after(server.kill);
  const clients = createServingClients(server.url, 1 << 20);
  t.after(() => clients.close());
  const pixels = toFloat32Batch(testImages(1));
  const request = {
    model_spec: { name: 'cifar10' },
    inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [1, 32, 32, 3].map((size) => ({ size })) }, tensor_content: Buffer.from(pixels.buffer) } },
  };
  const calls = Array.from({ length: 8 }, () => unaryCall<any>(clients.prediction, 'Predict', request).then(() => 'ok'));
  await new Promise((r) => setTimeout(r, 100));
  server.child.kill('SIGTERM');
  assert.deepEqual(await Promise.all(calls), Array(8).fill('ok'));
  assert.equal(await exitsWithin(server.exited, 15_000), 0, server.output());
});

test('fastify: requests still running at --shutdown-timeout are cut, and the process exits 0', async (t) => {
  const server = await serve('fastify', ['--delay-ms', '2000', '--shutdown-timeout', '300ms']);
  t.after(server.kill);
  const calls = Array.from({ length: 3 }, () =>
    fetch(`${server.url}/v1/models/cifar10:predict`, { method: 'POST', body }).then((r) => String(r.status), () => 'cut'),
  );
  await new Promise((r) => setTimeout(r, 100));
  server.child.kill('SIGTERM');
  assert.equal(await exitsWithin(server.exited, 5000), 0, server.output());
  assert.deepEqual(await Promise.all(calls), ['cut', 'cut', 'cut']);
});
