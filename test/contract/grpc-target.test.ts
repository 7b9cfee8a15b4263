/**
 * The `grpc` target against TF Serving's gRPC contract, with the real model: the engine's
 * probabilities for float_val and tensor_content requests (both output encodings), metadata and
 * status shaped as TF Serving's, the health service, timing trailers, and every bad input
 * refused with the right code, after which a valid call still succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { createServingClients, unaryCall, type ServingClients } from '../../servers/grpc/serving-clients.ts';
import { loadServingProtos } from '../../servers/grpc/serving-protos.ts';
import { parseServerTiming } from '../../servers/core/server-timing.ts';
import type { RunningTarget } from '../../servers/targets/target.ts';
import { maxAbsDiff, testImages } from '../helpers/images.ts';
import { modelDir, startTarget } from '../helpers/targets.ts';

const MAX_BATCH = 8;
const images = testImages(4);
const pixels = toFloat32Batch(images);
let expected: Float32Array;
let target: RunningTarget;
let clients: ServingClients;

const spec = (extra: object = {}) => ({ name: 'cifar10', ...extra });
const shape = (dims: number[]) => ({ dim: dims.map((size) => ({ size })) });
const contentOf = (data: Float32Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const floatImages = (data: Float32Array, batch: number, encoding: 'float_val' | 'tensor_content') => ({
  dtype: 'DT_FLOAT',
  tensor_shape: shape([batch, 32, 32, 3]),
  ...(encoding === 'float_val' ? { float_val: Array.from(data) } : { tensor_content: contentOf(data) }),
});
const outputEncoding = (value: string) => {
  const md = new grpc.Metadata();
  md.set('x-servebench-output-encoding', value);
  return md;
};
function probabilities(tensor: any): Float32Array {
  if (tensor.tensor_content) return new Float32Array(Uint8Array.from(tensor.tensor_content).buffer);
  return Float32Array.from(tensor.float_val);
}
const predict = (request: object, metadata?: grpc.Metadata) => unaryCall<any>(clients.prediction, 'Predict', request, metadata);

before(async () => {
  const engine = await loadEngine('onnxruntime', { modelDir: `${await modelDir()}/1`, threads: 1 });
  expected = (await engine.predict({ images: { data: pixels, shape: [images.length, 32, 32, 3] } })).probabilities.data;
  await engine.dispose();
  target = await startTarget('grpc', { maxBatch: MAX_BATCH });
  assert.match(target.url, /^grpc:\/\/127\.0\.0\.1:\d+$/);
  clients = createServingClients(target.url, 32 << 20);
});
after(async () => {
  clients?.close();
  await target?.close();
});

describe('grpc target: Predict', () => {
  for (const input of ['float_val', 'tensor_content'] as const) {
    for (const output of ['tensor_content', 'float_val'] as const) {
      test(`${input} request, ${output} response: the engine's probabilities`, async () => {
        const { response, trailers } = await predict(
          { model_spec: spec(), inputs: { images: floatImages(pixels, images.length, input) } },
          output === 'float_val' ? outputEncoding('float_val') : undefined,
        );
        const out = response.outputs.probabilities;
        assert.equal(out.dtype, 'DT_FLOAT');
        assert.ok(output === 'float_val' ? out.float_val && !out.tensor_content : out.tensor_content && !out.float_val);
        assert.deepEqual(out.tensor_shape.dim.map((d: { size: string }) => d.size), [String(images.length), '10']);
        const got = probabilities(out);
        assert.ok(maxAbsDiff(got, expected) < 1e-5, `max diff ${maxAbsDiff(got, expected)}`);
        assert.deepEqual(response.model_spec, { name: 'cifar10', version: { value: '1' }, signature_name: 'serving_default', version_choice: 'version' });
        const timing = parseServerTiming(String(trailers.get('server-timing')[0]));
        for (const phase of ['decode', 'infer', 'encode'] as const) assert.ok(timing[phase]! >= 0, `server-timing lacks ${phase}`);
      });
    }
  }

  test('DT_UINT8 tensor_content, an explicit version and output_filter', async () => {
    const u8 = Buffer.concat(images.slice(0, 2));
    const { response } = await predict({
      model_spec: spec({ version: { value: '1' }, signature_name: 'serving_default' }),
      inputs: { images: { dtype: 'DT_UINT8', tensor_shape: shape([2, 32, 32, 3]), tensor_content: u8 } },
      output_filter: ['probabilities'],
    });
    assert.ok(maxAbsDiff(probabilities(response.outputs.probabilities), expected.subarray(0, 20)) < 1e-5);
  });
});

describe('grpc target: metadata, status, health', () => {
  test('GetModelMetadata answers the serving_default SignatureDef', async () => {
    const { response } = await unaryCall<any>(clients.prediction, 'GetModelMetadata', { model_spec: spec(), metadata_field: ['signature_def'] });
    assert.equal(response.model_spec.name, 'cifar10');
    assert.equal(response.model_spec.version.value, '1');
    const any = response.metadata.signature_def;
    assert.equal(any.type_url, 'type.googleapis.com/tensorflow.serving.SignatureDefMap');
    const { signatureDefMap } = loadServingProtos();
    const map = signatureDefMap.toObject(signatureDefMap.decode(any.value), { longs: String, enums: String }) as any;
    const sig = map.signature_def.serving_default;
    assert.equal(sig.method_name, 'tensorflow/serving/predict');
    assert.equal(sig.inputs.images.dtype, 'DT_FLOAT');
    assert.deepEqual(sig.inputs.images.tensor_shape.dim.map((d: { size: string }) => d.size), ['-1', '32', '32', '3']);
    assert.deepEqual(sig.outputs.probabilities.tensor_shape.dim.map((d: { size: string }) => d.size), ['-1', '10']);
  });

  test('GetModelStatus answers version 1 AVAILABLE', async () => {
    const { response } = await unaryCall<any>(clients.modelService, 'GetModelStatus', { model_spec: spec() });
    assert.deepEqual(response.model_version_status, [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }]);
  });

  test('grpc.health.v1 Check answers SERVING; unknown service is NOT_FOUND', async () => {
    assert.deepEqual((await unaryCall<any>(clients.health, 'Check', {})).response, { status: 'SERVING' });
    const named = await unaryCall<any>(clients.health, 'Check', { service: 'tensorflow.serving.PredictionService' });
    assert.equal(named.response.status, 'SERVING');
    await assert.rejects(unaryCall(clients.health, 'Check', { service: 'nope' }), { code: grpc.status.NOT_FOUND });
  });

  test('grpc.health.v1 Watch streams SERVING, then NOT_SERVING and the end of the stream on close', async () => {
    const watched = await startTarget('grpc');
    const watchClients = createServingClients(watched.url, 1 << 20);
    try {
      const seen: string[] = [];
      const stream = (watchClients.health as any).Watch({ service: '' }) as grpc.ClientReadableStream<{ status: string }>;
      const ended = new Promise<void>((resolve, reject) => {
        stream.on('data', (m) => {
          seen.push(m.status);
          if (seen.length === 1) void watched.close();
        });
        stream.on('end', resolve);
        stream.on('error', reject);
      });
      await ended;
      assert.deepEqual(seen, ['SERVING', 'NOT_SERVING']);
      const unknown = (clients.health as any).Watch({ service: 'nope' }) as grpc.ClientReadableStream<{ status: string }>;
      const first = await new Promise<string>((resolve) => unknown.once('data', (m: { status: string }) => resolve(m.status)));
      unknown.on('error', () => {}); // the cancellation below ends it with CANCELLED
      unknown.cancel();
      assert.equal(first, 'SERVICE_UNKNOWN');
    } finally {
      watchClients.close();
      await watched.close();
    }
  });
});

describe('grpc target: bad input', () => {
  const one = contentOf(pixels.subarray(0, 3072));
  const images1 = (extra: object) => ({ dtype: 'DT_FLOAT', tensor_shape: shape([1, 32, 32, 3]), tensor_content: one, ...extra });
  const bad: { name: string; request: object; code: grpc.status; message: RegExp }[] = [
    { name: 'unknown model', request: { model_spec: spec({ name: 'resnet' }), inputs: { images: images1({}) } }, code: grpc.status.NOT_FOUND, message: /resnet/ },
    { name: 'unknown version', request: { model_spec: spec({ version: { value: '7' } }), inputs: { images: images1({}) } }, code: grpc.status.NOT_FOUND, message: /7/ },
    { name: 'missing model_spec', request: { inputs: { images: images1({}) } }, code: grpc.status.INVALID_ARGUMENT, message: /ModelSpec/ },
    { name: 'missing input', request: { model_spec: spec(), inputs: {} }, code: grpc.status.INVALID_ARGUMENT, message: /missing input "images"/ },
    { name: 'unknown input', request: { model_spec: spec(), inputs: { images: images1({}), extra: images1({}) } }, code: grpc.status.INVALID_ARGUMENT, message: /"extra"/ },
    { name: 'wrong dtype', request: { model_spec: spec(), inputs: { images: images1({ dtype: 'DT_STRING' }) } }, code: grpc.status.INVALID_ARGUMENT, message: /DT_STRING/ },
    { name: 'wrong rank', request: { model_spec: spec(), inputs: { images: images1({ tensor_shape: shape([1, 3072]) }) } }, code: grpc.status.INVALID_ARGUMENT, message: /rank/ },
    { name: 'wrong shape', request: { model_spec: spec(), inputs: { images: images1({ tensor_shape: shape([3, 32, 16, 2]) }) } }, code: grpc.status.INVALID_ARGUMENT, message: /shape/ },
    { name: 'tensor_content length', request: { model_spec: spec(), inputs: { images: images1({ tensor_content: one.subarray(0, 100) }) } }, code: grpc.status.INVALID_ARGUMENT, message: /tensor_content has 100 bytes/ },
    { name: 'float_val count', request: { model_spec: spec(), inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: shape([1, 32, 32, 3]), float_val: [1, 2] } } }, code: grpc.status.INVALID_ARGUMENT, message: /float_val has 2 values/ },
    {
      name: 'batch above max',
      request: { model_spec: spec(), inputs: { images: floatImages(new Float32Array(3072 * (MAX_BATCH + 1)), MAX_BATCH + 1, 'tensor_content') } },
      code: grpc.status.INVALID_ARGUMENT,
      message: /batch size 9 is above the maximum of 8/,
    },
    { name: 'unknown output_filter', request: { model_spec: spec(), inputs: { images: images1({}) }, output_filter: ['logits'] }, code: grpc.status.INVALID_ARGUMENT, message: /logits/ },
    { name: 'unknown signature', request: { model_spec: spec({ signature_name: 'train' }), inputs: { images: images1({}) } }, code: grpc.status.INVALID_ARGUMENT, message: /train/ },
  ];

  test('every bad Predict gets its canonical code and a clear message, then a valid call succeeds', async () => {
    for (const { name, request, code, message } of bad) {
      await assert.rejects(predict(request), (err: grpc.ServiceError) => {
        assert.equal(err.code, code, `${name}: got ${grpc.status[err.code]} ${err.details}`);
        assert.match(err.details, message, `${name}: unclear message "${err.details}"`);
        return true;
      });
    }
    await assert.rejects(predict({ model_spec: spec(), inputs: { images: images1({}) } }, outputEncoding('json')), { code: grpc.status.INVALID_ARGUMENT });
    await assert.rejects(unaryCall(clients.prediction, 'GetModelMetadata', { model_spec: spec({ name: 'resnet' }), metadata_field: ['signature_def'] }), {
      code: grpc.status.NOT_FOUND,
    });
    await assert.rejects(unaryCall(clients.prediction, 'GetModelMetadata', { model_spec: spec(), metadata_field: ['graph'] }), {
      code: grpc.status.INVALID_ARGUMENT,
    });
    await assert.rejects(unaryCall(clients.modelService, 'GetModelStatus', { model_spec: spec({ version: { value: '2' } }) }), { code: grpc.status.NOT_FOUND });

    const { response } = await predict({ model_spec: spec(), inputs: { images: images1({}) } });
    assert.ok(maxAbsDiff(probabilities(response.outputs.probabilities), expected.subarray(0, 10)) < 1e-5);
  });

  test('a message above maxBodyBytes is RESOURCE_EXHAUSTED and the server keeps serving', async () => {
    // 4 images are ~49 KB as tensor_content; one is ~12 KB.
    const small = await startTarget('grpc', { maxBodyBytes: 32 * 1024 });
    const smallClients = createServingClients(small.url, 32 << 20);
    try {
      const request = { model_spec: spec(), inputs: { images: floatImages(pixels, images.length, 'tensor_content') } };
      await assert.rejects(unaryCall(smallClients.prediction, 'Predict', request), { code: grpc.status.RESOURCE_EXHAUSTED });
      const { response } = await unaryCall<any>(smallClients.prediction, 'Predict', { model_spec: spec(), inputs: { images: images1({}) } });
      assert.ok(maxAbsDiff(probabilities(response.outputs.probabilities), expected.subarray(0, 10)) < 1e-5);
    } finally {
      smallClients.close();
      await small.close();
    }
  });
});
