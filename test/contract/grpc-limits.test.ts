/**
 * The gRPC target's connection limits and cancellation: it announces --grpc-max-streams as
 * HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS, closes connections idle past --idle-timeout (GOAWAY),
 * and calls whose client gave up (deadline passed) leave the inference queue at once.
 * (Message-size limits: grpc-target.test.ts.)
 */
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { createLocalModelService } from '../../servers/core/local-model-service.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { startGrpcModelServer } from '../../servers/grpc/grpc-model-server.ts';
import { createServingClients, unaryCall } from '../../servers/grpc/serving-clients.ts';
import { DEFAULT_TARGET_OPTIONS } from '../../servers/targets/target.ts';
import { testImages } from '../helpers/images.ts';
import { modelDir, startTarget } from '../helpers/targets.ts';

const pixels = toFloat32Batch(testImages(1));
const request = {
  model_spec: { name: 'cifar10' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [1, 32, 32, 3].map((size) => ({ size })) }, tensor_content: Buffer.from(pixels.buffer) } },
};

test('grpc: SETTINGS_MAX_CONCURRENT_STREAMS is --grpc-max-streams, and an idle connection is closed after --idle-timeout', async (t) => {
  const target = await startTarget('grpc', { limits: { grpcMaxStreams: 3, idleTimeoutMs: 400 } });
  t.after(() => target.close());
  const session = http2.connect(target.url.replace('grpc://', 'http://'));
  session.on('error', () => {});
  t.after(() => session.destroy());
  const settings = await new Promise<http2.Settings>((resolve) => session.once('remoteSettings', resolve));
  assert.equal(settings.maxConcurrentStreams, 3);
  const closed = await Promise.race([
    new Promise<string>((resolve) => session.once('goaway', () => resolve('goaway'))),
    new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5000)),
  ]);
  assert.equal(closed, 'goaway');
});

test('grpc: calls past their deadline leave the inference queue at once', async (t) => {
  const backend = await createLocalModelService({ ...DEFAULT_TARGET_OPTIONS, modelDir: await modelDir(), workers: 1, delayMs: 1500 });
  const server = await startGrpcModelServer(backend, { host: '127.0.0.1', port: 0, maxMessageBytes: 1 << 20 });
  const clients = createServingClients(server.url, 1 << 20);
  t.after(async () => {
    clients.close();
    await server.close(100);
    await backend.close();
  });
  let firstDone = false;
  const first = unaryCall(clients.prediction, 'Predict', request).then(() => (firstDone = true));
  const giveUp = Date.now() + 60_000;
  while (backend.stats().running !== 1 && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 10));
  const late = Array.from({ length: 5 }, () => unaryCall(clients.prediction, 'Predict', request, undefined, { deadlineMs: 300 }));
  await Promise.all(late.map((call) => assert.rejects(call, { code: grpc.status.DEADLINE_EXCEEDED })));
  while (backend.stats().queued !== 0 && !firstDone) await new Promise((r) => setTimeout(r, 10));
  assert.equal(firstDone, false, 'the queue emptied while the first call still ran');
  await first;
  assert.deepEqual({ ...backend.stats(), admitted: undefined }, { maxQueue: 32, queued: 0, running: 0, rejected: 0, cancelled: 5, inFlight: 0, inferences: 1, admitted: undefined });
  assert.equal(backend.stats().admitted, 6);
});
