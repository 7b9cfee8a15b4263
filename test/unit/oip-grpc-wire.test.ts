/**
 * Wire compatibility with the Open Inference Protocol's published gRPC API, checked without our
 * .proto file: requests are hand-encoded byte by byte (field numbers and wire types written out
 * below, as in KServe's grpc_predict_v2.proto / Triton's grpc_service.proto), sent raw to our gRPC
 * server over a recording fake backend, and the raw answers are decoded with a schema written
 * separately in this file. A wrong field number or type in servers/protos/inference/ fails these.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { fieldBytes, floatsLE, packedVarints } from '../helpers/protobuf-bytes.ts';
import { rawServerAndClient } from '../helpers/raw-grpc-client.ts';
import { createSummingBackend } from '../helpers/summing-backend.ts';

const PIXELS = Array.from({ length: 2 * 4 }, (_, i) => i * 31.5);
/** What the summing backend answers: per image, the sums of its even and of its odd values. */
const SUMS = [0, 1].flatMap((image) => {
  const own = PIXELS.slice(image * 4, image * 4 + 4);
  return [own[0] + own[2], own[1] + own[3]];
});

// --- the published schema, written independently of servers/protos ---
const root = protobuf.parse(`syntax = "proto3"; package inference;
  message ServerLiveResponse { bool live = 1; }
  message ModelReadyResponse { bool ready = 1; }
  message ServerMetadataResponse { string name = 1; string version = 2; repeated string extensions = 3; }
  message ModelMetadataResponse {
    message TensorMetadata { string name = 1; string datatype = 2; repeated int64 shape = 3; }
    string name = 1; repeated string versions = 2; string platform = 3;
    repeated TensorMetadata inputs = 4; repeated TensorMetadata outputs = 5; }
  message InferTensorContents { repeated int32 int_contents = 2; repeated float fp32_contents = 6; repeated double fp64_contents = 7; }
  message ModelInferResponse {
    message InferOutputTensor { string name = 1; string datatype = 2; repeated int64 shape = 3; InferTensorContents contents = 5; }
    string model_name = 1; string model_version = 2; string id = 3;
    repeated InferOutputTensor outputs = 5; repeated bytes raw_output_contents = 6; }`, { keepCase: true }).root;
const decode = (type: string, bytes: Buffer) =>
  root.lookupType(type).toObject(root.lookupType(type).decode(bytes), { longs: String, bytes: Buffer, defaults: false }) as any;

// InferInputTensor { name = 1; datatype = 2; repeated int64 shape = 3; InferTensorContents contents = 5 }
const inputTensor = (shape: number[], contents?: Buffer) =>
  Buffer.concat([fieldBytes(1, 'images'), fieldBytes(2, 'FP32'), packedVarints(3, shape), ...(contents ? [fieldBytes(5, contents)] : [])]);
// ModelInferRequest { model_name = 1; model_version = 2; id = 3; inputs = 5; outputs = 6 { name = 1 }; raw_input_contents = 7 }
const inferRequest = (parts: Buffer[]) => Buffer.concat([fieldBytes(1, 'cifar10'), fieldBytes(2, '1'), fieldBytes(3, 'wire-1'), ...parts]);

const backend = createSummingBackend();
const METHODS = ['ServerLive', 'ServerReady', 'ModelReady', 'ServerMetadata', 'ModelMetadata', 'ModelInfer'];
const wire = rawServerAndClient(backend, Object.fromEntries(METHODS.map((m) => [m, `/inference.GRPCInferenceService/${m}`])), 'RawOip');
const callRaw = async (method: string, request: Buffer) => (await wire.call(method, request)).response;

test('ServerLive, ServerReady (empty requests) and ModelReady { name = 1; version = 2 } answer field 1 = true', async () => {
  assert.deepEqual(decode('inference.ServerLiveResponse', await callRaw('ServerLive', Buffer.alloc(0))), { live: true });
  assert.deepEqual(decode('inference.ModelReadyResponse', await callRaw('ServerReady', Buffer.alloc(0))), { ready: true });
  const ready = await callRaw('ModelReady', Buffer.concat([fieldBytes(1, 'cifar10'), fieldBytes(2, '1')]));
  assert.deepEqual(decode('inference.ModelReadyResponse', ready), { ready: true });
});

test('ServerMetadata and ModelMetadata { name = 1 } answer with the published field numbers', async () => {
  const server = decode('inference.ServerMetadataResponse', await callRaw('ServerMetadata', Buffer.alloc(0)));
  assert.equal(server.name, 'servebench');
  assert.deepEqual(server.extensions, ['binary_tensor_data']);
  const meta = decode('inference.ModelMetadataResponse', await callRaw('ModelMetadata', fieldBytes(1, 'cifar10')));
  assert.deepEqual(meta.versions, ['1']);
  assert.deepEqual(meta.inputs, [{ name: 'images', datatype: 'FP32', shape: ['-1', '2', '2', '1'] }]);
  assert.deepEqual(meta.outputs, [{ name: 'probabilities', datatype: 'FP32', shape: ['-1', '2'] }]);
});

test('a hand-encoded ModelInferRequest with fp32_contents (field 6, packed) is decoded field by field', async () => {
  const contents = fieldBytes(6, floatsLE(PIXELS));
  const request = inferRequest([fieldBytes(5, inputTensor([2, 2, 2, 1], contents)), fieldBytes(6, fieldBytes(1, 'probabilities'))]);
  const response = decode('inference.ModelInferResponse', await callRaw('ModelInfer', request));
  assert.deepEqual(backend.lastCall!.model, { name: 'cifar10', version: '1' });
  assert.deepEqual(backend.lastCall!.outputFilter, ['probabilities']);
  assert.deepEqual(backend.lastCall!.inputs.images.shape, [2, 2, 2, 1]);
  assert.deepEqual([...backend.lastCall!.inputs.images.data], PIXELS);
  assert.equal(response.model_name, 'cifar10');
  assert.equal(response.model_version, '1');
  assert.equal(response.id, 'wire-1');
  const [out] = response.outputs;
  assert.deepEqual([out.name, out.datatype, out.shape], ['probabilities', 'FP32', ['2', '2']]);
  assert.deepEqual(out.contents.fp32_contents, SUMS);
  assert.equal(response.raw_output_contents, undefined);
});

test('raw_input_contents (field 7) in, raw_output_contents (field 6) out', async () => {
  const request = inferRequest([fieldBytes(5, inputTensor([2, 2, 2, 1])), fieldBytes(7, floatsLE(PIXELS))]);
  const response = decode('inference.ModelInferResponse', await callRaw('ModelInfer', request));
  assert.deepEqual([...backend.lastCall!.inputs.images.data], PIXELS);
  assert.equal(response.outputs[0].contents, undefined);
  assert.equal(response.raw_output_contents.length, 1);
  assert.deepEqual([...new Float32Array(Uint8Array.from(response.raw_output_contents[0]).buffer)], SUMS);
});
