/**
 * Proto loading (k6's client.load path rules, method lookup and its errors) and k6's message
 * mapping both ways: the exact Predict request our scenario sends, responses in k6's shape from
 * our real `grpc` model target (Predict with tensor_content and float_val, GetModelStatus,
 * GetModelMetadata's Any), round trips of every field kind and well-known type against the
 * test proto (cross-checked with protobufjs' own decoder), and protojson-style errors.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { createGrpcTransport } from '../../loadgen/grpc/grpc-transport.ts';
import type { GrpcConnection } from '../../loadgen/grpc/grpc-types.ts';
import { loadProtoFiles } from '../../loadgen/grpc/proto-registry.ts';
import { decodeMessage, encodeMessage, jsonName } from '../../loadgen/grpc/protojson-codec.ts';
import { PROTO_DIR } from '../../servers/grpc/serving-protos.ts';
import type { RunningTarget } from '../../servers/targets/target.ts';
import { startTarget } from '../helpers/targets.ts';

type Msg = Record<string, any>;
const FIXTURES = fileURLToPath(new URL('./fixtures/grpc-echo/', import.meta.url));
const TF = ['tensorflow_serving/apis/prediction_service.proto', 'tensorflow_serving/apis/model_service.proto'];
const serving = loadProtoFiles([PROTO_DIR], TF, process.cwd());
const PREDICT = serving.method('tensorflow.serving.PredictionService/Predict');
const echo = loadProtoFiles(['deps'], ['echo.proto'], FIXTURES);
const Everything = echo.method('/servebench.test.Echo/Echo').requestType;
const roundTrip = (value: unknown): Msg => decodeMessage(Everything, encodeMessage(Everything, value)) as Msg;
/** protobufjs' own reading of our bytes (proto names, longs and enums as strings). */
const viaProtobufjs = (type: protobuf.Type, bytes: Uint8Array): Msg =>
  type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String }) as Msg;

// The request scenarios/lib/grpc-client.ts sends: proto names, the bare Int64Value version, base64 tensor_content.
const pixels = new Float32Array(32 * 32 * 3).map((_, i) => (i % 255) / 255);
const tensorContent = Buffer.from(pixels.buffer).toString('base64');
const scenarioRequest = {
  model_spec: { name: 'cifar10', signature_name: 'serving_default', version: '1' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [1, 32, 32, 3].map((size) => ({ size })) }, tensor_content: tensorContent } },
};

test('client.load: TF Serving protos through an import path; methods by full name, with or without "/"', () => {
  assert.equal(PREDICT.path, '/tensorflow.serving.PredictionService/Predict');
  assert.equal(PREDICT.requestType.fullName, '.tensorflow.serving.PredictRequest');
  assert.equal(PREDICT.responseType.fullName, '.tensorflow.serving.PredictResponse');
  const status = serving.method('/tensorflow.serving.ModelService/GetModelStatus');
  assert.equal(status.requestType.fullName, '.tensorflow.serving.GetModelStatusRequest');
  assert.ok(serving.methods().some((m) => m.path === '/tensorflow.serving.PredictionService/GetModelMetadata'));
  assert.throws(() => serving.method('/x/y'), { message: 'method "/x/y" not found in file descriptors' });
  assert.throws(() => serving.method('tensorflow.serving.PredictionService/Nope'), { message: 'method "/tensorflow.serving.PredictionService/Nope" not found in file descriptors' });
  assert.throws(() => echo.method('servebench.test.Echo/Watch'), /streaming RPC/);
  assert.equal(echo.method('servebench.test.Echo/Watch', { streaming: true }).responseStream, true);
});

test('client.load: import paths in order, then the script dir; the same file twice is fine; clear errors', () => {
  // No import paths: the script's directory is the only one — deps/ is not searched, so the import fails.
  assert.throws(() => loadProtoFiles([], ['echo.proto'], FIXTURES), /nested\/inner\.proto/);
  // A file given relative to the script dir when the import paths do not have it.
  const both = loadProtoFiles([path.join(FIXTURES, 'deps')], ['echo.proto', 'nested/inner.proto', 'echo.proto'], FIXTURES);
  assert.ok(both.root.lookupType('servebench.test.Inner'));
  assert.throws(() => loadProtoFiles(['deps'], ['missing.proto'], FIXTURES), /could not load "missing\.proto": no such file in the import paths/);
  // Well-known types come bundled, even when asked for directly.
  assert.ok(loadProtoFiles([], ['google/protobuf/descriptor.proto'], FIXTURES).root.lookupType('google.protobuf.FileDescriptorSet'));
});

test('the scenario Predict request encodes to the right wire bytes (proto names = json names)', () => {
  const bytes = encodeMessage(PREDICT.requestType, scenarioRequest);
  const seen = viaProtobufjs(PREDICT.requestType, bytes);
  assert.deepEqual(seen.model_spec, { name: 'cifar10', signature_name: 'serving_default', version: { value: '1' } });
  const images = seen.inputs.images;
  assert.equal(images.dtype, 'DT_FLOAT');
  assert.deepEqual(images.tensor_shape.dim.map((d: Msg) => d.size), ['1', '32', '32', '3']);
  assert.equal(images.tensor_content, tensorContent);
  const camel = { modelSpec: { name: 'cifar10', signatureName: 'serving_default', version: 1 }, inputs: { images: { dtype: 1, tensorShape: { dim: [1, 32, 32, 3].map((size) => ({ size: String(size) })) }, tensorContent: Buffer.from(tensorContent, 'base64').toString('base64url') } } };
  assert.deepEqual(Buffer.from(encodeMessage(PREDICT.requestType, camel)), Buffer.from(bytes), 'json names, numbers as strings, enum numbers, URL-safe base64');
  const raw = { ...scenarioRequest, inputs: { images: { ...scenarioRequest.inputs.images, tensor_content: new Uint8Array(pixels.buffer) } } };
  assert.deepEqual(Buffer.from(encodeMessage(PREDICT.requestType, raw)), Buffer.from(bytes), 'a Uint8Array for bytes');
});

let target: RunningTarget;
let conn: GrpcConnection;
before(async () => {
  target = await startTarget('grpc');
  conn = await createGrpcTransport().connect({ address: target.url.replace('grpc://', ''), plaintext: true, timeoutMs: 10_000 });
});
after(async () => {
  conn?.close();
  await target?.close();
});

async function call(name: string, request: unknown, metadata: Record<string, string> = {}): Promise<Msg> {
  const m = serving.method(name);
  const r = await conn.invoke({ path: m.path, request: encodeMessage(m.requestType, request), metadata, timeoutMs: 20_000 });
  assert.equal(r.status, 0, r.message);
  return decodeMessage(m.responseType, r.response as Uint8Array) as Msg;
}

test('Predict from our grpc target, in k6 shape: lowerCamelCase, int64 sizes as strings, tensorContent base64', async () => {
  const message = await call(PREDICT.path, scenarioRequest);
  assert.deepEqual(message.modelSpec, { name: 'cifar10', version: '1', signatureName: 'serving_default' });
  const out = message.outputs.probabilities;
  assert.equal(out.dtype, 'DT_FLOAT');
  assert.deepEqual(out.tensorShape, { dim: [{ size: '1', name: '' }, { size: '10', name: '' }], unknownRank: false });
  const probs = new Float32Array(new Uint8Array(Buffer.from(out.tensorContent, 'base64')).buffer);
  assert.equal(probs.length, 10);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-3);
  // EmitUnpopulated: unset repeated fields are [] and scalars their defaults.
  assert.deepEqual(out.floatVal, []);
  assert.equal(out.versionNumber, 0);
  assert.equal(out.tensor_content, undefined, 'no proto names in responses');

  const asFloats = await call(PREDICT.path, scenarioRequest, { 'x-servebench-output-encoding': 'float_val' });
  const floats = asFloats.outputs.probabilities.floatVal as number[];
  assert.equal(asFloats.outputs.probabilities.tensorContent, '');
  floats.forEach((f, i) => {
    assert.equal(Math.fround(f), probs[i], 'same float32 values');
    assert.ok(String(f).length <= 11, `float32 in shortest form: ${f}`);
  });
});

test('GetModelStatus (enum names, int64 version) and GetModelMetadata (an Any in a map) from our grpc target', async () => {
  const status = await call('tensorflow.serving.ModelService/GetModelStatus', { model_spec: { name: 'cifar10' } });
  assert.deepEqual(status, { modelVersionStatus: [{ version: '1', state: 'AVAILABLE', status: { errorCode: 'OK', errorMessage: '' } }] });
  const meta = await call('tensorflow.serving.PredictionService/GetModelMetadata', { modelSpec: { name: 'cifar10' }, metadataField: ['signature_def'] });
  const any = meta.metadata.signature_def;
  assert.equal(any['@type'], 'type.googleapis.com/tensorflow.serving.SignatureDefMap');
  assert.deepEqual(any.signatureDef.serving_default.inputs.images.tensorShape.dim.map((d: Msg) => d.size), ['-1', '32', '32', '3']);
});

test('every scalar kind round-trips; 64-bit integers as strings, extremes exact', () => {
  const scalars = {
    f_double: -1.25e-300, f_float: 0.1, f_int32: -2147483648, f_int64: '-9223372036854775808', f_uint32: 4294967295, f_uint64: '18446744073709551615',
    f_sint32: -7, f_sint64: '9223372036854775807', f_fixed32: 4294967295, f_fixed64: '18446744073709551615', f_sfixed32: -1, f_sfixed64: '-9007199254740993',
    f_bool: true, f_string: 'héllo ☃', f_bytes: Buffer.from([0, 255, 128]).toString('base64'), f_enum: 'GREEN',
  };
  assert.deepEqual(roundTrip({ scalars }).scalars, {
    fDouble: -1.25e-300, fFloat: 0.1, fInt32: -2147483648, fInt64: '-9223372036854775808', fUint32: 4294967295, fUint64: '18446744073709551615',
    fSint32: -7, fSint64: '9223372036854775807', fFixed32: 4294967295, fFixed64: '18446744073709551615', fSfixed32: -1, fSfixed64: '-9007199254740993',
    fBool: true, fString: 'héllo ☃', fBytes: 'AP+A', fEnum: 'GREEN',
  });
  const seen = viaProtobufjs(Everything, encodeMessage(Everything, { scalars }));
  assert.equal(seen.scalars.f_uint64, '18446744073709551615');
  assert.equal(seen.scalars.f_sfixed64, '-9007199254740993');
  // Numbers for 64-bit fields, strings for 32-bit ones, exponents, non-finite floats, enum numbers (known or not).
  assert.deepEqual(roundTrip({ scalars: { f_int64: 42, f_int32: '-5', f_uint32: '1e3', f_double: 'Infinity', f_float: 'NaN', f_enum: 1 } }).scalars,
    { ...roundTrip({ scalars: {} }).scalars, fInt64: '42', fInt32: -5, fUint32: 1000, fDouble: 'Infinity', fFloat: 'NaN', fEnum: 'RED' });
  assert.equal(roundTrip({ scalars: { f_enum: 7 } }).scalars.fEnum, 7, 'an unknown enum number stays a number');
  assert.equal(roundTrip({ scalars: { f_bytes: '_-8' } }).scalars.fBytes, '/+8=', 'URL-safe, unpadded base64 in; std base64 out');
});

test('EmitUnpopulated: an empty message shows every field with its default; oneof and proto3 optional left out', () => {
  const empty = decodeMessage(Everything, new Uint8Array(0)) as Msg;
  assert.deepEqual(Object.keys(empty).filter((k) => ['cText', 'cInner', 'optInt'].includes(k)), []);
  assert.deepEqual({ scalars: empty.scalars, inner: empty.inner, rInt32: empty.rInt32, mStrInt: empty.mStrInt, wInt64: empty.wInt64, ts: empty.ts, val: empty.val, customName: empty.customName },
    { scalars: null, inner: null, rInt32: [], mStrInt: {}, wInt64: null, ts: null, val: null, customName: '' });
  assert.deepEqual(roundTrip({ scalars: {} }).scalars, {
    fDouble: 0, fFloat: 0, fInt32: 0, fInt64: '0', fUint32: 0, fUint64: '0', fSint32: 0, fSint64: '0', fFixed32: 0, fFixed64: '0',
    fSfixed32: 0, fSfixed64: '0', fBool: false, fString: '', fBytes: '', fEnum: 'COLOR_UNSPECIFIED',
  });
  assert.equal(roundTrip({ opt_int: 0 }).optInt, 0, 'a set proto3 optional shows even at 0');
});

test('repeated (packed), maps (string, int64 and bool keys), oneof, nested messages, json_name', () => {
  const m = roundTrip({
    r_int32: [1, -2, 3], r_string: ['a', ''], r_inner: [{ name: 'x' }, {}], r_int64: ['-1', 2], r_enum: ['GREEN', 0], r_float: [0.1, -Infinity], r_bytes: ['AQ==', ''],
    m_str_int: { a: 1, b: -1 }, mLongStr: { '-5': 'neg', '9223372036854775807': 'max' }, m_bool_inner: { true: { n: 1 }, false: {} },
    c_inner: { name: 'one' }, inner: { name: 'nested', n: 3 }, customName: 'x',
  });
  assert.deepEqual(m.rInt32, [1, -2, 3]);
  assert.deepEqual(m.rString, ['a', '']);
  assert.deepEqual(m.rInner, [{ name: 'x', n: 0 }, { name: '', n: 0 }]);
  assert.deepEqual(m.rInt64, ['-1', '2']);
  assert.deepEqual(m.rEnum, ['GREEN', 'COLOR_UNSPECIFIED']);
  assert.deepEqual(m.rFloat, [0.1, '-Infinity']);
  assert.deepEqual(m.rBytes, ['AQ==', '']);
  assert.deepEqual(m.mStrInt, { a: 1, b: -1 });
  assert.deepEqual(m.mLongStr, { '-5': 'neg', '9223372036854775807': 'max' });
  assert.deepEqual(m.mBoolInner, { true: { name: '', n: 1 }, false: { name: '', n: 0 } });
  assert.deepEqual(m.cInner, { name: 'one', n: 0 });
  assert.equal('cText' in m, false);
  assert.deepEqual(m.inner, { name: 'nested', n: 3 });
  assert.equal(m.customName, 'x');
  assert.equal(roundTrip({ renamed: 'by proto name' }).customName, 'by proto name');
  assert.equal(roundTrip({ c_text: 'two' }).cText, 'two');
  // Same bytes as protobufjs writes for the same message (packed repeated scalars included).
  const value = { r_int32: [1, -2, 3], r_float: [0.5], m_str_int: { a: 1 }, inner: { name: 'n', n: 2 } };
  assert.deepEqual(Buffer.from(encodeMessage(Everything, value)), Buffer.from(Everything.encode(Everything.fromObject(value)).finish()));
});

test('well-known types in their JSON forms, both ways', () => {
  const m = roundTrip({
    w_int64: '-12', w_string: '', w_bool: false, w_bytes: 'AQ==', w_double: 1.5, w_uint32: 7, w_float: 0.3, w_uint64: 18446744073709551615n,
    ts: '2024-02-29T23:59:59.5+01:00', dur: '-1.000000001s', st: { a: 1, b: [true, null, 'x', { c: {} }] }, val: 'text', list: [1, [2], null],
    any: { '@type': 'type.googleapis.com/servebench.test.Inner', name: 'in', n: 1 }, mask: 'fooBar,baz.quxQuux', empty: {},
  });
  assert.deepEqual(
    { w: [m.wInt64, m.wString, m.wBool, m.wBytes, m.wDouble, m.wUint32, m.wFloat, m.wUint64], ts: m.ts, dur: m.dur, st: m.st, val: m.val, list: m.list, any: m.any, mask: m.mask, empty: m.empty },
    {
      w: ['-12', '', false, 'AQ==', 1.5, 7, 0.3, '18446744073709551615'], ts: '2024-02-29T22:59:59.500Z', dur: '-1.000000001s',
      st: { a: 1, b: [true, null, 'x', { c: {} }] }, val: 'text', list: [1, [2], null],
      any: { '@type': 'type.googleapis.com/servebench.test.Inner', name: 'in', n: 1 }, mask: 'fooBar,baz.quxQuux', empty: {},
    },
  );
  const seen = viaProtobufjs(Everything, encodeMessage(Everything, { ts: '1970-01-01T00:00:01Z', dur: '1.5s', mask: 'fooBar', w_int64: '5' }));
  assert.deepEqual([seen.ts, seen.dur, seen.mask, seen.w_int64], [{ seconds: '1', nanos: 0 }, { seconds: '1', nanos: 500000000 }, { paths: ['foo_bar'] }, { value: '5' }]);
  assert.equal(roundTrip({ ts: new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 120)) }).ts, '2020-01-01T00:00:00.120Z', 'a Date for a Timestamp');
  assert.equal(roundTrip({ ts: '0001-01-01T00:00:00Z', dur: '3s' }).ts, '0001-01-01T00:00:00Z');
  assert.equal(roundTrip({ dur: '3s' }).dur, '3s');
  assert.deepEqual(roundTrip({ val: null }).val, null);
  assert.deepEqual(roundTrip({ val: { n: 2.5 } }).val, { n: 2.5 });
  assert.deepEqual(roundTrip({ any: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' } }).any, { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' });
  assert.equal(roundTrip({ w_int64: null }).wInt64, null, 'null leaves a wrapper unset');
});

test('protojson-style errors: unknown fields, wrong types, out-of-range numbers, bad base64 and times', () => {
  const bad = (value: unknown, message: RegExp) => assert.throws(() => encodeMessage(Everything, value), (err: Error) => {
    assert.match(err.message, /^unable to serialise request object to protocol buffer: proto: /);
    assert.match(err.message, message);
    return true;
  });
  bad({ nope: 1 }, /unknown field "nope" in servebench\.test\.Everything$/);
  bad({ inner: { name: 'x', extra: true } }, /unknown field "extra" in servebench\.test\.Inner \(at inner\)$/);
  bad({ scalars: { f_int32: 1.5 } }, /invalid value for int32 type: 1\.5 \(at scalars\.f_int32\)$/);
  bad({ scalars: { f_int32: 2147483648 } }, /invalid value for int32 type/);
  bad({ scalars: { f_uint32: -1 } }, /invalid value for uint32 type/);
  bad({ scalars: { f_uint64: '-1' } }, /invalid value for uint64 type/);
  bad({ scalars: { f_int64: '9223372036854775808' } }, /invalid value for int64 type/);
  bad({ scalars: { f_int64: 'abc' } }, /invalid value for int64 type: "abc"/);
  bad({ scalars: { f_string: 5 } }, /invalid value for string type: 5/);
  bad({ scalars: { f_bool: 'true' } }, /invalid value for bool type/);
  bad({ scalars: { f_float: 1e39 } }, /invalid value for float type/);
  bad({ scalars: { f_enum: 'BLUE' } }, /invalid value for enum type: "BLUE"/);
  bad({ scalars: { f_bytes: 'not base64!' } }, /invalid value for bytes type/);
  bad({ r_int32: [1, 'x'] }, /invalid value for int32 type: "x" \(at r_int32\[1\]\)$/);
  bad({ r_int32: 5 }, /invalid value for repeated field/);
  bad({ m_str_int: { a: 'b' } }, /at m_str_int\["a"\]/);
  bad({ m_bool_inner: { yes: {} } }, /invalid value for bool map key/);
  bad({ w_int64: { value: '1' } }, /google\.protobuf\.Int64Value.*bare value/);
  bad({ ts: '2024-13-01T00:00:00Z' }, /invalid google\.protobuf\.Timestamp/);
  bad({ dur: '5m' }, /invalid google\.protobuf\.Duration/);
  bad({ any: { '@type': 'type.googleapis.com/no.Such' } }, /unable to resolve "type\.googleapis\.com\/no\.Such"/);
  bad({ inner: 'x' }, /invalid value for servebench\.test\.Inner/);
  bad({ scalars: { f_int32: 1, fInt32: 2 } }, /duplicate field "fInt32"/);
});

test('jsonName follows protoc', () => {
  assert.deepEqual(['model_spec', 'tensor_content', 'int64_val', 'foo__bar', 'Foo_bar', 'x_'].map(jsonName), ['modelSpec', 'tensorContent', 'int64Val', 'fooBar', 'FooBar', 'x']);
});
