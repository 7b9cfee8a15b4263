/**
 * One contract, every REST target: the same requests against embedded, express, fastify,
 * null and the gateway in front of each REST model server must give TF Serving's answers,
 * the engine's probabilities, and TF Serving's errors — and keep serving after bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { parseServerTiming } from '../../servers/core/server-timing.ts';
import { maxAbsDiff, nestedImage, testImages } from '../helpers/images.ts';
import { assertNestedTiming } from '../helpers/gateway-timing.ts';
import { modelDir, startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';
import { badRequests } from './bad-rest-requests.ts';
import type { TargetOptions } from '../../servers/targets/target.ts';
import { MONITORING_PATH, parseMetrics } from '../../servers/rest/monitoring.ts';

const SPECS: { label: string; spec: string; options?: Partial<TargetOptions> }[] = [
  ...['embedded', 'express', 'fastify', 'null', 'gateway:express', 'gateway:fastify', 'gateway:embedded', 'gateway:grpc'].map((spec) => ({ label: spec, spec })),
  // One slowed worker, so the calls that arrive while it runs queue and are joined.
  { label: 'fastify with server-side batching', spec: 'fastify', options: { workers: 1, delayMs: 40, batching: { maxBatchSize: 8, timeoutMicros: 0 } } },
];
const MAX_BODY = 256 * 1024;
const images = testImages(4);
let expected: Float32Array;

before(async () => {
  const engine = await loadEngine('onnxruntime', { modelDir: `${await modelDir()}/1`, threads: 1 });
  const out = await engine.predict({ images: { data: toFloat32Batch(images), shape: [images.length, 32, 32, 3] } });
  expected = out.probabilities.data;
  await engine.dispose();
});

async function call(url: string, path: string, init: RequestInit = {}) {
  const res = await fetch(url + path, init);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, timing: res.headers.get('server-timing') };
}

const post = (url: string, path: string, body: unknown) =>
  call(url, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

for (const { label, spec, options } of SPECS) {
  describe(`REST contract: ${label}`, () => {
    let target: TargetUnderTest;
    before(async () => {
      target = await startUnderTest(spec, { maxBatch: 8, maxBodyBytes: MAX_BODY, ...options });
    });
    after(() => target?.close());

    test('model status is shaped like TF Serving\'s', async () => {
      const res = await call(target.url, '/v1/models/cifar10');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
      });
      assert.equal((await call(target.url, '/v1/models/cifar10/versions/1')).status, 200);
    });

    test('metadata carries the serving_default signature read from the model', async () => {
      const res = await call(target.url, '/v1/models/cifar10/metadata');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.model_spec, { name: 'cifar10', signature_name: '', version: '1' });
      const sig = res.body.metadata.signature_def.signature_def.serving_default;
      assert.equal(sig.method_name, 'tensorflow/serving/predict');
      assert.equal(sig.inputs.images.dtype, 'DT_FLOAT');
      assert.deepEqual(sig.inputs.images.tensor_shape.dim.map((d: { size: string }) => d.size), ['-1', '32', '32', '3']);
      assert.deepEqual(sig.outputs.probabilities.tensor_shape.dim.map((d: { size: string }) => d.size), ['-1', '10']);
    });

    test('row-format predict answers with the engine\'s probabilities and Server-Timing', async () => {
      const res = await post(target.url, '/v1/models/cifar10:predict', { instances: images.map(nestedImage) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.predictions.length, images.length);
      const got = Float32Array.from(res.body.predictions.flat());
      if (target.servesModel) assert.ok(maxAbsDiff(got, expected) < 1e-5, `max diff ${maxAbsDiff(got, expected)}`);
      else assert.deepEqual([...new Set(got)], [Math.fround(0.1)]);
      const timing = parseServerTiming(res.timing);
      if (target.name.startsWith('gateway:')) assertNestedTiming(timing, ['decode', 'infer', 'encode'], `${target.name} Server-Timing`);
      else for (const k of ['decode', 'infer', 'encode'] as const) assert.ok(timing[k]! >= 0, `Server-Timing lacks ${k}: ${res.timing}`);
    });

    test('columnar-format predict (with a version) answers with "outputs"', async () => {
      const res = await post(target.url, '/v1/models/cifar10/versions/1:predict', { signature_name: 'serving_default', inputs: images.map(nestedImage) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.outputs.length, images.length);
      const got = Float32Array.from(res.body.outputs.flat());
      if (target.servesModel) assert.ok(maxAbsDiff(got, expected) < 1e-5);
      const named = await post(target.url, '/v1/models/cifar10:predict', { inputs: { images: images.slice(0, 1).map(nestedImage) } });
      assert.equal(named.status, 200);
      assert.equal(named.body.outputs.length, 1);
    });

    test('concurrent one-image requests each get the answer for their own image', async () => {
      const answers = await Promise.all(images.map((image) => post(target.url, '/v1/models/cifar10:predict', { instances: [nestedImage(image)] })));
      answers.forEach((res, i) => {
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const got = Float32Array.from(res.body.predictions[0]);
        const own = expected.subarray(i * 10, (i + 1) * 10);
        if (target.servesModel) assert.ok(maxAbsDiff(got, own) < 1e-5, `request ${i}: max diff ${maxAbsDiff(got, own)}`);
      });
    });

    if (options?.batching) {
      test('server-side batching joins concurrent calls: fewer inferences than requests, each its own answer', async () => {
        const counters = async () => parseMetrics((await call(target.url, MONITORING_PATH)).body as string);
        const before = await counters();
        const calls = 8;
        const answers = await Promise.all(Array.from({ length: calls }, (_, i) => post(target.url, '/v1/models/cifar10:predict', { instances: [nestedImage(images[i % images.length])] })));
        const after = await counters();
        answers.forEach((res, i) => {
          assert.equal(res.status, 200, JSON.stringify(res.body));
          const own = expected.subarray((i % images.length) * 10, (i % images.length + 1) * 10);
          assert.ok(maxAbsDiff(Float32Array.from(res.body.predictions[0]), own) < 1e-5, `request ${i} got another image's answer`);
        });
        const requests = after.servebench_predict_admitted_total - before.servebench_predict_admitted_total;
        const inferences = after.servebench_inferences_total - before.servebench_inferences_total;
        assert.equal(requests, calls);
        assert.ok(inferences >= 1 && inferences <= calls / 2, `${inferences} inferences for ${requests} requests: no batching`);
      });
    }

    test('every bad input gets a clear TF-Serving-style error, then a valid request still succeeds', async () => {
      for (const bad of badRequests(MAX_BODY)) {
        const res = bad.body === undefined ? await call(target.url, bad.path, { method: bad.method }) : await post(target.url, bad.path, bad.body);
        assert.equal(res.status, bad.status, `${bad.name}: got ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(typeof res.body.error, 'string', `${bad.name}: no {"error"} body`);
        assert.match(res.body.error, bad.message, `${bad.name}: unclear message "${res.body.error}"`);
      }
      const res = await post(target.url, '/v1/models/cifar10:predict', { instances: images.slice(0, 1).map(nestedImage) });
      assert.equal(res.status, 200);
      assert.equal(res.body.predictions.length, 1);
    });
  });
}
