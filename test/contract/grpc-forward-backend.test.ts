/**
 * The gateway's gRPC forward backend against the real `grpc` target: the engine's probabilities,
 * metadata, status, the upstream's timing from trailers, and upstream errors mapped back to
 * ServingError with the same canonical code.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import type { ModelBackend } from '../../servers/core/model-backend.ts';
import { ServingError } from '../../servers/core/serving-error.ts';
import { createGrpcForwardBackend } from '../../servers/grpc/grpc-forward-backend.ts';
import type { RunningTarget } from '../../servers/targets/target.ts';
import { assertNestedTiming } from '../helpers/gateway-timing.ts';
import { maxAbsDiff, testImages } from '../helpers/images.ts';
import { modelDir, startTarget } from '../helpers/targets.ts';

const images = testImages(3);
const pixels = toFloat32Batch(images);
let expected: Float32Array;
let upstream: RunningTarget;
let backend: ModelBackend;

before(async () => {
  const engine = await loadEngine('onnxruntime', { modelDir: `${await modelDir()}/1`, threads: 1 });
  expected = (await engine.predict({ images: { data: pixels, shape: [images.length, 32, 32, 3] } })).probabilities.data;
  await engine.dispose();
  upstream = await startTarget('grpc', { maxBatch: 4 });
  backend = createGrpcForwardBackend(upstream.url, { maxMessageBytes: 32 << 20 });
});
after(async () => {
  await backend?.close();
  await upstream?.close();
});

const rejectsWith = (promise: Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ServingError, `not a ServingError: ${err}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });

test('predict returns the engine\'s probabilities and the upstream\'s timing', async () => {
  const result = await backend.predict({ model: { name: 'cifar10' }, inputs: { images: { data: pixels, shape: [images.length, 32, 32, 3] } } });
  assert.deepEqual(result.model, { name: 'cifar10', version: '1', signatureName: 'serving_default' });
  assert.deepEqual(result.outputs.probabilities.shape, [images.length, 10]);
  assert.ok(maxAbsDiff(result.outputs.probabilities.data, expected) < 1e-5);
  assertNestedTiming(result.timing, ['decode', 'queue', 'infer', 'encode'], 'forwarded predict');
  assert.equal(result.timing.decode, undefined, 'the upstream\'s decode reported as the gateway\'s own');
});

test('metadata, signature and status come from the upstream', async () => {
  const metadata = await backend.metadata({ name: 'cifar10' });
  assert.equal(metadata.name, 'cifar10');
  assert.equal(metadata.version, '1');
  assert.equal(metadata.signatureName, 'serving_default');
  assert.deepEqual(metadata.signature.inputs, [{ name: 'images', dtype: 'float32', shape: [-1, 32, 32, 3] }]);
  assert.deepEqual(metadata.signature.outputs, [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }]);
  assert.deepEqual(await backend.signature({ name: 'cifar10' }), metadata.signature);
  assert.deepEqual(await backend.status({ name: 'cifar10', version: '1' }), [{ version: '1', state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' }]);
});

test('upstream errors keep their canonical code, and the channel keeps working', async () => {
  const one = { images: { data: pixels.subarray(0, 3072), shape: [1, 32, 32, 3] } };
  await rejectsWith(backend.predict({ model: { name: 'resnet' }, inputs: one }), 'NOT_FOUND', /resnet/);
  await rejectsWith(backend.predict({ model: { name: 'cifar10', version: '9' }, inputs: one }), 'NOT_FOUND', /9/);
  await rejectsWith(backend.predict({ model: { name: 'cifar10' }, inputs: { images: { data: pixels.subarray(0, 100), shape: [1, 100] } } }), 'INVALID_ARGUMENT', /rank/);
  await rejectsWith(backend.predict({ model: { name: 'cifar10' }, inputs: one, outputFilter: ['logits'] }), 'INVALID_ARGUMENT', /logits/);
  const five = new Float32Array(5 * 3072);
  await rejectsWith(backend.predict({ model: { name: 'cifar10' }, inputs: { images: { data: five, shape: [5, 32, 32, 3] } } }), 'INVALID_ARGUMENT', /maximum of 4/);
  await rejectsWith(backend.status({ name: 'resnet' }), 'NOT_FOUND', /resnet/);
  await rejectsWith(backend.signature({ name: 'resnet' }), 'NOT_FOUND', /resnet/);
  const ok = await backend.predict({ model: { name: 'cifar10' }, inputs: one, outputFilter: ['probabilities'] });
  assert.ok(maxAbsDiff(ok.outputs.probabilities.data, expected.subarray(0, 10)) < 1e-5);
});

test('an unreachable upstream is UNAVAILABLE', async () => {
  const closed = await startTarget('grpc');
  const url = closed.url;
  await closed.close();
  const dead = createGrpcForwardBackend(url, { maxMessageBytes: 1 << 20 });
  try {
    await rejectsWith(dead.status({ name: 'cifar10' }), 'UNAVAILABLE', /.+/);
  } finally {
    await dead.close();
  }
});
