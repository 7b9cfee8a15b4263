/**
 * One rule for non-finite inputs on both protocols: NaN, +Infinity and -Infinity (and JSON
 * numbers beyond float32's range, which become Infinity) are refused, REST with 400 and gRPC with
 * INVALID_ARGUMENT, both with the same "non-finite number" message; the server then still serves.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { createServingClients, unaryCall } from '../../servers/grpc/serving-clients.ts';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startTarget, startUnderTest } from '../helpers/targets.ts';

const NON_FINITE = /non-finite number/;
const image = nestedImage(testImages(1)[0]);
const withFirstPixel = (literal: string) => `{"instances": [${JSON.stringify(image).replace(/^\[\[\[\d+/, `[[[${literal}`)}]}`;

describe('non-finite inputs: REST', () => {
  for (const spec of ['embedded', 'express', 'fastify', 'gateway:grpc']) {
    test(`${spec}: 400 for Infinity, -Infinity and numbers beyond float32; NaN is not JSON`, async (t) => {
      const target = await startUnderTest(spec);
      t.after(() => target.close());
      const post = async (text: string) => {
        const r = await fetch(`${target.url}/v1/models/cifar10:predict`, { method: 'POST', body: text });
        return { status: r.status, body: await r.json() };
      };
      for (const literal of ['1e999', '-1e999', '1e39', '-3.5e38']) {
        const res = await post(withFirstPixel(literal));
        assert.equal(res.status, 400, `${literal}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.error, NON_FINITE, literal);
      }
      const nan = await post(withFirstPixel('NaN'));
      assert.equal(nan.status, 400);
      assert.match(nan.body.error, /JSON Parse error/);
      assert.equal((await post(withFirstPixel('3e38'))).status, 200, 'the largest float32 values are fine');
    });
  }
});

describe('non-finite inputs: gRPC', () => {
  test('grpc: INVALID_ARGUMENT for NaN, Infinity and -Infinity in float_val and tensor_content', async (t) => {
    const target = await startTarget('grpc');
    const clients = createServingClients(target.url, 32 << 20);
    t.after(async () => {
      clients.close();
      await target.close();
    });
    const shape = { dim: [1, 32, 32, 3].map((size) => ({ size })) };
    const pixels = toFloat32Batch(testImages(1));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const data = pixels.slice();
      data[100] = bad;
      for (const tensor of [{ float_val: Array.from(data) }, { tensor_content: Buffer.from(data.buffer) }]) {
        const request = { model_spec: { name: 'cifar10' }, inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: shape, ...tensor } } };
        await assert.rejects(unaryCall(clients.prediction, 'Predict', request), (err: grpc.ServiceError) => {
          assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${bad} ${Object.keys(tensor)[0]}: ${err.details}`);
          assert.match(err.details, NON_FINITE);
          assert.match(err.details, /flat index 100/);
          return true;
        });
      }
    }
    const request = { model_spec: { name: 'cifar10' }, inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: shape, tensor_content: Buffer.from(pixels.buffer) } } };
    await unaryCall(clients.prediction, 'Predict', request); // still serving
  });
});
