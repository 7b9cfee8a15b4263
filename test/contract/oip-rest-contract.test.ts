/**
 * One Open Inference Protocol (KServe v2) REST contract, every REST target: embedded, express,
 * fastify, null and the gateway (relaying to a REST model server, or over gRPC to ours) must answer
 * health, server and model metadata, readiness, and infer — JSON and the binary tensor data
 * extension, in and out — with the engine's probabilities, refuse every bad input with
 * `{"error"}` and the protocol's 400 / 404, and keep serving after it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { maxAbsDiff, nestedImage, testImages } from '../helpers/images.ts';
import { modelDir, startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';

const SPECS = ['embedded', 'express', 'fastify', 'null', 'gateway:fastify', 'gateway:embedded', 'gateway:grpc'];
const images = testImages(4);
const pixels = toFloat32Batch(images);
const INFER = '/v2/models/cifar10/infer';
let expected: Float32Array;

before(async () => {
  const engine = await loadEngine('onnxruntime', { modelDir: `${await modelDir()}/1`, threads: 1 });
  expected = (await engine.predict({ images: { data: pixels, shape: [images.length, 32, 32, 3] } })).probabilities.data;
  await engine.dispose();
});

interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  body: any;
}

async function call(url: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url + path, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  const headerLength = res.headers.get('inference-header-content-length');
  const text = bytes.toString('utf8', 0, headerLength === null ? bytes.length : Number(headerLength));
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, headers: res.headers, bytes, body };
}

const postJson = (url: string, path: string, body: unknown) =>
  call(url, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A binary-extension request: the JSON header, then the raw tensors. */
function postBinary(url: string, path: string, header: object, raws: Buffer[], headerLength?: number) {
  const head = Buffer.from(JSON.stringify(header));
  return call(url, path, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength ?? head.length) },
    body: Buffer.concat([head, ...raws]),
  });
}

const rawOf = (data: Float32Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const jsonInput = (data: unknown, extra: object = {}) => ({ name: 'images', datatype: 'FP32', shape: [images.length, 32, 32, 3], data, ...extra });
const binaryInput = (bytes: number, extra: object = {}) => ({ name: 'images', datatype: 'FP32', shape: [images.length, 32, 32, 3], parameters: { binary_data_size: bytes }, ...extra });

/** The probabilities of an infer answer, from JSON `data` or from the raw bytes after the header. */
function probabilities(res: Answer): Float32Array {
  const out = res.body.outputs.find((o: { name: string }) => o.name === 'probabilities');
  assert.ok(out, `no probabilities output: ${JSON.stringify(res.body).slice(0, 200)}`);
  assert.equal(out.datatype, 'FP32');
  assert.deepEqual(out.shape, [images.length, 10]);
  if (out.data) return Float32Array.from(out.data);
  const size = out.parameters.binary_data_size;
  const start = Number(res.headers.get('inference-header-content-length'));
  assert.equal(res.bytes.length, start + size, 'binary outputs do not fill the body after the header');
  return new Float32Array(Uint8Array.from(res.bytes.subarray(start, start + size)).buffer);
}

for (const spec of SPECS) {
  describe(`OIP REST contract: ${spec}`, () => {
    let target: TargetUnderTest;
    const judge = (res: Answer) => {
      assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
      const got = probabilities(res);
      if (target.servesModel) assert.ok(maxAbsDiff(got, expected) < 1e-5, `max diff ${maxAbsDiff(got, expected)}`);
      else assert.deepEqual([...new Set(got)], [Math.fround(0.1)]);
    };
    before(async () => {
      target = await startUnderTest(spec, { maxBatch: 8, maxBodyBytes: 256 * 1024 });
    });
    after(() => target?.close());

    test('health: live and ready answer 200', async () => {
      for (const path of ['/v2/health/live', '/v2/health/ready']) assert.equal((await call(target.url, path)).status, 200, path);
    });

    test('server metadata names the server and the binary extension', async () => {
      const res = await call(target.url, '/v2');
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'servebench');
      assert.match(res.body.version, /^\d+\.\d+\.\d+/);
      assert.ok(res.body.extensions.includes('binary_tensor_data'));
    });

    test('model metadata and readiness, with and without a version', async () => {
      for (const path of ['/v2/models/cifar10', '/v2/models/cifar10/versions/1']) {
        const res = await call(target.url, path);
        assert.equal(res.status, 200, path);
        assert.equal(res.body.name, 'cifar10');
        assert.deepEqual(res.body.versions, ['1']);
        assert.deepEqual(res.body.inputs, [{ name: 'images', datatype: 'FP32', shape: [-1, 32, 32, 3] }]);
        assert.deepEqual(res.body.outputs, [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 10] }]);
        assert.equal((await call(target.url, `${path}/ready`)).status, 200, `${path}/ready`);
      }
    });

    test('infer JSON (flat data, an id, a version): the engine\'s probabilities and Server-Timing', async () => {
      const res = await postJson(target.url, '/v2/models/cifar10/versions/1/infer', { id: 'req-7', inputs: [jsonInput(Array.from(pixels))] });
      judge(res);
      assert.equal(res.body.model_name, 'cifar10');
      assert.equal(res.body.model_version, '1');
      assert.equal(res.body.id, 'req-7');
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      // A relaying gateway reports its upstream's parts nested (upstream.decode, ...).
      const header = res.headers.get('server-timing') ?? '';
      for (const part of ['decode', 'infer', 'encode']) assert.match(header, new RegExp(`(^|[ .])${part};dur=\\d`), `Server-Timing lacks ${part}: ${header}`);
    });

    test('infer JSON with nested data and a requested output', async () => {
      const res = await postJson(target.url, INFER, { inputs: [jsonInput(images.map(nestedImage))], outputs: [{ name: 'probabilities' }] });
      judge(res);
    });

    test('binary extension: raw input, JSON output', async () => {
      const res = await postBinary(target.url, INFER, { inputs: [binaryInput(pixels.byteLength)] }, [rawOf(pixels)]);
      judge(res);
      assert.equal(res.headers.get('inference-header-content-length'), null);
    });

    test('binary extension: raw input, binary output (per output and for all outputs)', async () => {
      const perOutput = await postBinary(
        target.url,
        INFER,
        { inputs: [binaryInput(pixels.byteLength)], outputs: [{ name: 'probabilities', parameters: { binary_data: true } }] },
        [rawOf(pixels)],
      );
      judge(perOutput);
      assert.equal(perOutput.headers.get('content-type'), 'application/octet-stream');
      const all = await postJson(target.url, INFER, { inputs: [jsonInput(Array.from(pixels))], parameters: { binary_data_output: true } });
      judge(all);
      assert.equal(all.body.outputs[0].parameters.binary_data_size, images.length * 10 * 4);
    });

    test('every bad input gets {"error"} with the protocol\'s status, then a valid request still succeeds', async () => {
      const data = Array.from(pixels);
      const raw = rawOf(pixels);
      const cases: [string, Promise<Answer>, number, RegExp][] = [
        ['unknown model', postJson(target.url, '/v2/models/nope/infer', { inputs: [jsonInput(data)] }), 404, /not found/i],
        ['unknown version', postJson(target.url, '/v2/models/cifar10/versions/9/infer', { inputs: [jsonInput(data)] }), 404, /not found/i],
        ['unknown model metadata', call(target.url, '/v2/models/nope'), 404, /not found/i],
        ['unknown model ready', call(target.url, '/v2/models/nope/ready'), 404, /not found/i],
        ['wrong datatype', postJson(target.url, INFER, { inputs: [jsonInput(data, { datatype: 'INT32' })] }), 400, /datatype INT32 does not match the model's FP32/],
        ['unknown datatype', postJson(target.url, INFER, { inputs: [jsonInput(data, { datatype: 'FLOAT' })] }), 400, /not one of the protocol's datatypes/],
        ['shape/data mismatch', postJson(target.url, INFER, { inputs: [jsonInput(data.slice(1))] }), 400, /holds 12287 values but shape \[4,32,32,3\] needs 12288/],
        ['wrong shape for the model', postJson(target.url, INFER, { inputs: [jsonInput(data, { shape: [4, 32, 96, 1] })] }), 400, /shape/],
        ['non-number data', postJson(target.url, INFER, { inputs: [jsonInput(['a', ...data.slice(1)])] }), 400, /non-number/],
        ['unknown input', postJson(target.url, INFER, { inputs: [jsonInput(data, { name: 'pixels' })] }), 400, /not an input of the model/],
        ['no inputs', postJson(target.url, INFER, { inputs: [] }), 400, /"inputs"/],
        ['malformed JSON', postJson(target.url, INFER, '{"inputs": [{'), 400, /JSON parse error/],
        ['binary size above the data', postBinary(target.url, INFER, { inputs: [binaryInput(raw.length + 4)] }, [raw]), 400, /runs past/],
        ['binary size below the data', postBinary(target.url, INFER, { inputs: [binaryInput(raw.length - 4)] }, [raw]), 400, /binary data holds 49152 bytes but the inputs' binary_data_size add up to 49148/],
        ['binary size not the shape\'s', postBinary(target.url, INFER, { inputs: [binaryInput(raw.length - 4)] }, [raw.subarray(4)]), 400, /49148 bytes of data but shape \[4,32,32,3\] of FP32 needs 49152/],
        ['header length past the body', postBinary(target.url, INFER, { inputs: [binaryInput(raw.length)] }, [raw], 10 ** 6), 400, /Inference-Header-Content-Length/i],
        ['binary size without the header', postJson(target.url, INFER, { inputs: [binaryInput(raw.length)] }), 400, /no inference-header-content-length/i],
        ['GET on infer', call(target.url, INFER), 405, /use POST/],
      ];
      for (const [name, pending, status, message] of cases) {
        const res = await pending;
        assert.equal(res.status, status, `${name}: got ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(typeof res.body.error, 'string', `${name}: no {"error"} body`);
        assert.match(res.body.error, message, `${name}: unclear message "${res.body.error}"`);
      }
      judge(await postJson(target.url, INFER, { inputs: [jsonInput(data)] }));
    });
  });
}
