/**
 * The `grpc` target against the Open Inference Protocol's gRPC contract
 * (inference.GRPCInferenceService), with the real model: liveness, readiness, server and model
 * metadata, ModelInfer with typed `contents` and with `raw_input_contents` (answered in kind), the
 * engine's probabilities, timing trailers, and every bad input refused with the right gRPC code,
 * after which a valid call still succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { createServingClients, unaryCall, type ServingClients } from '../../servers/grpc/serving-clients.ts';
import type { RunningTarget } from '../../servers/targets/target.ts';
import { maxAbsDiff, testImages } from '../helpers/images.ts';
import { modelDir, startTarget } from '../helpers/targets.ts';

const images = testImages(4);
const pixels = toFloat32Batch(images);
const raw = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
const SHAPE = [images.length, 32, 32, 3];
let expected: Float32Array;
let target: RunningTarget;
let clients: ServingClients;

const call = (method: string, request: object) => unaryCall<any>(clients.inference, method, request);
const typedInput = (extra: object = {}) => ({ name: 'images', datatype: 'FP32', shape: SHAPE, contents: { fp32_contents: Array.from(pixels) }, ...extra });
const rawInput = (extra: object = {}) => ({ name: 'images', datatype: 'FP32', shape: SHAPE, ...extra });
const infer = (request: object) => call('ModelInfer', { model_name: 'cifar10', ...request });

before(async () => {
  const engine = await loadEngine('onnxruntime', { modelDir: `${await modelDir()}/1`, threads: 1 });
  expected = (await engine.predict({ images: { data: pixels, shape: SHAPE } })).probabilities.data;
  await engine.dispose();
  target = await startTarget('grpc', { maxBatch: 8 });
  clients = createServingClients(target.url, 32 << 20);
});
after(async () => {
  clients?.close();
  await target?.close();
});

describe('grpc target: OIP health and metadata', () => {
  test('ServerLive, ServerReady and ModelReady answer true; an unknown model is not ready', async () => {
    assert.deepEqual((await call('ServerLive', {})).response, { live: true });
    assert.deepEqual((await call('ServerReady', {})).response, { ready: true });
    assert.deepEqual((await call('ModelReady', { name: 'cifar10' })).response, { ready: true });
    assert.deepEqual((await call('ModelReady', { name: 'cifar10', version: '1' })).response, { ready: true });
    assert.equal((await call('ModelReady', { name: 'nope' })).response.ready ?? false, false);
  });

  test('ServerMetadata names the server; ModelMetadata the model\'s tensors', async () => {
    const server = (await call('ServerMetadata', {})).response;
    assert.equal(server.name, 'servebench');
    assert.ok(server.extensions.includes('binary_tensor_data'));
    const { response } = await call('ModelMetadata', { name: 'cifar10', version: '1' });
    assert.equal(response.name, 'cifar10');
    assert.deepEqual(response.versions, ['1']);
    assert.deepEqual(response.inputs, [{ name: 'images', datatype: 'FP32', shape: ['-1', '32', '32', '3'] }]);
    assert.deepEqual(response.outputs, [{ name: 'probabilities', datatype: 'FP32', shape: ['-1', '10'] }]);
  });
});

describe('grpc target: OIP ModelInfer', () => {
  test('typed contents in, fp32_contents out: the engine\'s probabilities, the id, timing trailers', async () => {
    const { response, trailers } = await infer({ model_version: '1', id: 'r-1', inputs: [typedInput()], outputs: [{ name: 'probabilities' }] });
    assert.equal(response.model_name, 'cifar10');
    assert.equal(response.model_version, '1');
    assert.equal(response.id, 'r-1');
    const [out] = response.outputs;
    assert.deepEqual({ name: out.name, datatype: out.datatype, shape: out.shape }, { name: 'probabilities', datatype: 'FP32', shape: ['4', '10'] });
    assert.equal(response.raw_output_contents, undefined);
    const got = Float32Array.from(out.contents.fp32_contents);
    assert.ok(maxAbsDiff(got, expected) < 1e-5, `max diff ${maxAbsDiff(got, expected)}`);
    assert.match(String(trailers.get('server-timing')[0]), /decode;dur=.*infer;dur=.*encode;dur=/);
  });

  test('raw_input_contents in, raw_output_contents out', async () => {
    const { response } = await infer({ inputs: [rawInput()], raw_input_contents: [raw] });
    assert.equal(response.outputs[0].contents, undefined);
    assert.equal(response.raw_output_contents.length, 1);
    const got = new Float32Array(Uint8Array.from(response.raw_output_contents[0]).buffer);
    assert.ok(maxAbsDiff(got, expected) < 1e-5, `max diff ${maxAbsDiff(got, expected)}`);
  });

  test('every bad input is refused with its code and a clear message, then a valid call succeeds', async () => {
    const { INVALID_ARGUMENT, NOT_FOUND } = grpc.status;
    const cases: [string, object, number, RegExp][] = [
      ['unknown model', { model_name: 'nope', inputs: [typedInput()] }, NOT_FOUND, /not found/i],
      ['unknown version', { model_version: '9', inputs: [typedInput()] }, NOT_FOUND, /not found/i],
      ['no model name', { model_name: '', inputs: [typedInput()] }, INVALID_ARGUMENT, /names no model/],
      ['wrong datatype', { inputs: [typedInput({ datatype: 'INT32', contents: { int_contents: [1] } })] }, INVALID_ARGUMENT, /datatype INT32 does not match the model's FP32/],
      ['unknown datatype', { inputs: [typedInput({ datatype: 'FLOAT' })] }, INVALID_ARGUMENT, /not one of the protocol's datatypes/],
      ['contents in the wrong field', { inputs: [typedInput({ contents: { fp64_contents: [1, 2] } })] }, INVALID_ARGUMENT, /goes in contents\.fp32_contents/],
      ['shape/contents mismatch', { inputs: [typedInput({ shape: [3, 32, 32, 3] })] }, INVALID_ARGUMENT, /contents hold 12288 values but shape \[3,32,32,3\] needs 9216/],
      ['wrong raw size', { inputs: [rawInput()], raw_input_contents: [raw.subarray(4)] }, INVALID_ARGUMENT, /49148 bytes of data but shape \[4,32,32,3\] of FP32 needs 49152/],
      ['raw entries not one per input', { inputs: [rawInput()], raw_input_contents: [raw, raw] }, INVALID_ARGUMENT, /2 entries for 1 inputs/],
      ['raw and contents together', { inputs: [typedInput()], raw_input_contents: [raw] }, INVALID_ARGUMENT, /one or the other/],
      ['unknown input', { inputs: [typedInput({ name: 'pixels' })] }, INVALID_ARGUMENT, /not an input of the model/],
      ['no inputs', { inputs: [] }, INVALID_ARGUMENT, /no inputs/],
      ['unknown output', { inputs: [typedInput()], outputs: [{ name: 'logits' }] }, INVALID_ARGUMENT, /not an output/],
    ];
    for (const [name, request, code, message] of cases) {
      await assert.rejects(infer(request), (err: grpc.ServiceError) => {
        assert.equal(err.code, code, `${name}: got ${err.code} ${err.details}`);
        assert.match(err.details, message, `${name}: unclear message "${err.details}"`);
        return true;
      }, name);
    }
    await assert.rejects(call('ModelMetadata', { name: 'nope' }), { code: NOT_FOUND });
    const { response } = await infer({ inputs: [rawInput()], raw_input_contents: [raw] });
    assert.ok(maxAbsDiff(new Float32Array(Uint8Array.from(response.raw_output_contents[0]).buffer), expected) < 1e-5);
  });
});
