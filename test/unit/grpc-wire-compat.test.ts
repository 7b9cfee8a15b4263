/**
 * Wire compatibility with TF Serving's official protos, checked without our .proto files:
 * requests are hand-encoded byte by byte (field numbers and wire types written out below, as
 * in tensorflow_serving/apis/*.proto), sent raw to our gRPC server over a recording fake
 * backend, and the raw answers are decoded with a schema written separately in this file.
 * A wrong field number or type in servers/protos/ makes these fail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { fieldBytes, fieldVarint, floatsLE, varint } from '../helpers/protobuf-bytes.ts';
import { rawServerAndClient } from '../helpers/raw-grpc-client.ts';
import { createSummingBackend } from '../helpers/summing-backend.ts';

// TensorShapeProto { repeated Dim dim = 2; }  Dim { int64 size = 1; }
const shapeBytes = (dims: number[]) => Buffer.concat(dims.map((d) => fieldBytes(2, fieldVarint(1, d))));
// ModelSpec { name = 1; Int64Value version = 2 { value = 1 }; signature_name = 3; version_label = 4 }
const modelSpec = (name: string, extra: Buffer[] = []) => Buffer.concat([fieldBytes(1, name), ...extra]);
const version = (v: number) => fieldBytes(2, fieldVarint(1, v));
// map<string, TensorProto> entries: { key = 1; value = 2 }
const mapEntry = (field: number, key: string, value: Buffer) => fieldBytes(field, Buffer.concat([fieldBytes(1, key), fieldBytes(2, value)]));

const PIXELS = Array.from({ length: 2 * 4 }, (_, i) => i * 31.5);

// --- the official schema, written independently of servers/protos ---
const root = new protobuf.Root();
protobuf.parse(`syntax = "proto3"; package google.protobuf;
  message Int64Value { int64 value = 1; }
  message Any { string type_url = 1; bytes value = 2; }`, root, { keepCase: true });
protobuf.parse(`syntax = "proto3"; package tensorflow;
  enum DataType { DT_INVALID = 0; DT_FLOAT = 1; DT_DOUBLE = 2; DT_INT32 = 3; DT_UINT8 = 4; DT_INT64 = 9; }
  message TensorShapeProto { message Dim { int64 size = 1; string name = 2; } repeated Dim dim = 2; bool unknown_rank = 3; }
  message TensorProto { DataType dtype = 1; TensorShapeProto tensor_shape = 2; int32 version_number = 3; bytes tensor_content = 4;
    repeated float float_val = 5 [packed = true]; repeated double double_val = 6 [packed = true]; repeated int32 int_val = 7 [packed = true]; }
  message TensorInfo { oneof encoding { string name = 1; } DataType dtype = 2; TensorShapeProto tensor_shape = 3; }
  message SignatureDef { map<string, TensorInfo> inputs = 1; map<string, TensorInfo> outputs = 2; string method_name = 3; }`, root, { keepCase: true });
protobuf.parse(`syntax = "proto3"; package tensorflow.serving;
  message ModelSpec { string name = 1; oneof version_choice { google.protobuf.Int64Value version = 2; string version_label = 4; } string signature_name = 3; }
  message PredictResponse { ModelSpec model_spec = 2; map<string, tensorflow.TensorProto> outputs = 1; }
  message SignatureDefMap { map<string, tensorflow.SignatureDef> signature_def = 1; }
  message GetModelMetadataResponse { ModelSpec model_spec = 1; map<string, google.protobuf.Any> metadata = 2; }
  message StatusProto { int32 error_code = 1; string error_message = 2; }
  message ModelVersionStatus { int64 version = 1; int32 state = 2; StatusProto status = 3; }
  message GetModelStatusResponse { repeated ModelVersionStatus model_version_status = 1; }`, root, { keepCase: true });
const decode = (type: string, bytes: Buffer) =>
  root.lookupType(type).toObject(root.lookupType(type).decode(bytes), { longs: String, enums: String, bytes: Buffer }) as any;

// --- a recording fake backend ---
const backend = createSummingBackend();

const wire = rawServerAndClient(
  backend,
  {
    Predict: '/tensorflow.serving.PredictionService/Predict',
    GetModelMetadata: '/tensorflow.serving.PredictionService/GetModelMetadata',
    GetModelStatus: '/tensorflow.serving.ModelService/GetModelStatus',
  },
  'RawTfServing',
);
const callRaw = wire.call;

test('a hand-encoded PredictRequest (tensor_content) is decoded field by field', async () => {
  const tensor = Buffer.concat([fieldVarint(1, 1), fieldBytes(2, shapeBytes([2, 2, 2, 1])), fieldBytes(4, floatsLE(PIXELS))]);
  const request = Buffer.concat([
    fieldBytes(1, modelSpec('cifar10', [version(1), fieldBytes(3, 'serving_default')])),
    mapEntry(2, 'images', tensor),
    fieldBytes(3, 'probabilities'),
  ]);
  const { response, trailers } = await callRaw('Predict', request);
  assert.deepEqual(backend.lastCall!.model, { name: 'cifar10', version: '1', signatureName: 'serving_default' });
  assert.deepEqual(backend.lastCall!.outputFilter, ['probabilities']);
  assert.deepEqual(backend.lastCall!.inputs.images.shape, [2, 2, 2, 1]);
  assert.deepEqual([...backend.lastCall!.inputs.images.data], PIXELS);

  const decoded = decode('tensorflow.serving.PredictResponse', response);
  assert.equal(decoded.model_spec.name, 'cifar10');
  assert.equal(decoded.model_spec.version.value, '1');
  assert.equal(decoded.model_spec.signature_name, 'serving_default');
  const out = decoded.outputs.probabilities;
  assert.equal(out.dtype, 'DT_FLOAT');
  assert.deepEqual(out.tensor_shape.dim.map((d: { size: string }) => d.size), ['2', '2']);
  const probs = new Float32Array(out.tensor_content.buffer.slice(out.tensor_content.byteOffset, out.tensor_content.byteOffset + out.tensor_content.length));
  assert.deepEqual([...probs], [...(await backend.predict(backend.lastCall!)).outputs.probabilities.data]);
  assert.match(String(trailers.get('server-timing')[0]), /^decode;dur=[\d.]+, infer;dur=0\.500, encode;dur=[\d.]+$/);
});

test('packed float_val (field 5), uint8 int_val (field 7) and version_label (field 4) are decoded', async () => {
  const floats = Buffer.concat([fieldVarint(1, 1), fieldBytes(2, shapeBytes([1, 2, 2, 1])), fieldBytes(5, floatsLE([1, 2, 3, 4]))]);
  await callRaw('Predict', Buffer.concat([fieldBytes(1, modelSpec('cifar10')), mapEntry(2, 'images', floats)]));
  assert.deepEqual(backend.lastCall!.model, { name: 'cifar10' });
  assert.deepEqual([...backend.lastCall!.inputs.images.data], [1, 2, 3, 4]);

  const packedInts = Buffer.concat([5, 6, 200, 255].map((v) => varint(v)));
  const uint8 = Buffer.concat([fieldVarint(1, 4), fieldBytes(2, shapeBytes([1, 2, 2, 1])), fieldBytes(7, packedInts)]);
  const md = new grpc.Metadata();
  md.set('x-servebench-output-encoding', 'float_val');
  const { response } = await callRaw('Predict', Buffer.concat([fieldBytes(1, modelSpec('cifar10', [fieldBytes(4, 'stable')])), mapEntry(2, 'images', uint8)]), md);
  assert.equal(backend.lastCall!.model.versionLabel, 'stable');
  assert.deepEqual([...backend.lastCall!.inputs.images.data], [5, 6, 200, 255]);
  const out = decode('tensorflow.serving.PredictResponse', response).outputs.probabilities;
  assert.equal(out.tensor_content, undefined);
  assert.deepEqual(out.float_val, [5 + 200, 6 + 255]);
});

test('GetModelMetadata answers a SignatureDefMap packed in Any', async () => {
  const request = Buffer.concat([fieldBytes(1, modelSpec('cifar10')), fieldBytes(2, 'signature_def')]);
  const decoded = decode('tensorflow.serving.GetModelMetadataResponse', (await callRaw('GetModelMetadata', request)).response);
  assert.equal(decoded.model_spec.name, 'cifar10');
  assert.equal(decoded.model_spec.version.value, '1');
  const any = decoded.metadata.signature_def;
  assert.equal(any.type_url, 'type.googleapis.com/tensorflow.serving.SignatureDefMap');
  const sig = decode('tensorflow.serving.SignatureDefMap', any.value).signature_def.serving_default;
  assert.equal(sig.method_name, 'tensorflow/serving/predict');
  assert.equal(sig.inputs.images.dtype, 'DT_FLOAT');
  assert.deepEqual(sig.inputs.images.tensor_shape.dim.map((d: { size: string }) => d.size), ['-1', '2', '2', '1']);
  assert.deepEqual(Object.keys(sig.outputs), ['probabilities']);
});

test('GetModelStatus answers version 1 AVAILABLE (30) with an OK status', async () => {
  const decoded = decode('tensorflow.serving.GetModelStatusResponse', (await callRaw('GetModelStatus', fieldBytes(1, modelSpec('cifar10')))).response);
  assert.equal(decoded.model_version_status.length, 1);
  assert.equal(decoded.model_version_status[0].version, '1');
  assert.equal(decoded.model_version_status[0].state, 30);
  assert.equal(decoded.model_version_status[0].status.error_code ?? 0, 0);
});

test('backend errors keep their canonical code, with timing trailers', async () => {
  const request = Buffer.concat([fieldBytes(1, modelSpec('nope')), mapEntry(2, 'images', Buffer.concat([fieldVarint(1, 1), fieldBytes(2, shapeBytes([0]))]))]);
  await assert.rejects(callRaw('Predict', request), (err: grpc.ServiceError) => {
    assert.equal(err.code, grpc.status.NOT_FOUND);
    assert.match(err.details, /no model nope/);
    assert.match(String(err.metadata.get('server-timing')[0]), /^decode;dur=[\d.]+/);
    return true;
  });
  await assert.rejects(callRaw('GetModelStatus', fieldBytes(1, modelSpec('nope'))), { code: grpc.status.NOT_FOUND });
  await assert.rejects(callRaw('GetModelMetadata', fieldBytes(1, modelSpec('cifar10'))), { code: grpc.status.INVALID_ARGUMENT });
  await assert.rejects(callRaw('Predict', Buffer.alloc(0)), (err: grpc.ServiceError) => err.code === grpc.status.INVALID_ARGUMENT && /ModelSpec/.test(err.details));
});
