/** TensorProto <-> Tensor: encodings, dtype conversion, and the INVALID_ARGUMENT cases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServingError } from '../../servers/core/serving-error.ts';
import { decodeTensorProto, encodeTensorProto, type TensorProtoObject } from '../../servers/grpc/tensor-codec.ts';

const shape = (...dims: number[]) => ({ dim: dims.map((size) => ({ size: String(size) })) });
const floatBytes = (values: number[]) => {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf;
};

function assertInvalid(proto: TensorProtoObject, pattern: RegExp) {
  assert.throws(
    () => decodeTensorProto('images', proto),
    (err: unknown) => err instanceof ServingError && err.code === 'INVALID_ARGUMENT' && pattern.test(err.message),
  );
}

test('float_val and little-endian tensor_content decode to the same float32 tensor', () => {
  const values = [0, 1.5, 255, -2, 3.25, 7];
  const a = decodeTensorProto('x', { dtype: 'DT_FLOAT', tensor_shape: shape(2, 3), float_val: values });
  // an odd byteOffset, as a field sliced out of a message would have
  const unaligned = Buffer.concat([Buffer.from([9]), floatBytes(values)]).subarray(1);
  const b = decodeTensorProto('x', { dtype: 'DT_FLOAT', tensor_shape: shape(2, 3), tensor_content: unaligned });
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual([...a.data], values);
  assert.deepEqual([...b.data], values);
});

test('DT_UINT8 and DT_INT32 inputs become float32', () => {
  const u8 = decodeTensorProto('x', { dtype: 'DT_UINT8', tensor_shape: shape(3), tensor_content: Buffer.from([0, 128, 255]) });
  assert.deepEqual([...u8.data], [0, 128, 255]);
  const u8vals = decodeTensorProto('x', { dtype: 'DT_UINT8', tensor_shape: shape(2), int_val: [4, 250] });
  assert.deepEqual([...u8vals.data], [4, 250]);
  const i32 = Buffer.alloc(8);
  i32.writeInt32LE(-7, 0);
  i32.writeInt32LE(200, 4);
  assert.deepEqual([...decodeTensorProto('x', { dtype: 'DT_INT32', tensor_shape: shape(2), tensor_content: i32 }).data], [-7, 200]);
});

test('a single value fills the shape (TensorProto semantics)', () => {
  assert.deepEqual([...decodeTensorProto('x', { dtype: 'DT_FLOAT', tensor_shape: shape(2, 2), float_val: [3] }).data], [3, 3, 3, 3]);
});

test('inconsistent tensors are INVALID_ARGUMENT naming the input', () => {
  assertInvalid({ dtype: 'DT_STRING', tensor_shape: shape(1) }, /input "images".*DT_STRING is not supported/);
  assertInvalid({ tensor_shape: shape(1), float_val: [1] }, /DT_INVALID is not supported/);
  assertInvalid({ dtype: 'DT_FLOAT', float_val: [1] }, /tensor_shape is missing/);
  assertInvalid({ dtype: 'DT_FLOAT', tensor_shape: { unknown_rank: true } }, /unknown rank/);
  assertInvalid({ dtype: 'DT_FLOAT', tensor_shape: shape(-1, 3), float_val: [1] }, /dimension size -1/);
  assertInvalid({ dtype: 'DT_FLOAT', tensor_shape: shape(2, 3), tensor_content: floatBytes([1, 2, 3]) }, /12 bytes but shape \[2,3\] of DT_FLOAT needs 24/);
  assertInvalid({ dtype: 'DT_FLOAT', tensor_shape: shape(2, 3), float_val: [1, 2, 3, 4] }, /float_val has 4 values but shape \[2,3\] needs 6/);
  assertInvalid({ dtype: 'DT_FLOAT', tensor_shape: shape(2) }, /float_val has 0 values/);
});

test('outputs encode as DT_FLOAT tensor_content or float_val and decode back', () => {
  const tensor = { data: Float32Array.from([0.1, 0.2, 0.7]), shape: [1, 3] };
  const content = encodeTensorProto(tensor, 'tensor_content');
  assert.equal(content.dtype, 'DT_FLOAT');
  assert.equal(content.float_val, undefined);
  assert.equal(content.tensor_content!.length, 12);
  assert.deepEqual(content.tensor_content, floatBytes([...tensor.data]));
  const vals = encodeTensorProto(tensor, 'float_val');
  assert.equal(vals.tensor_content, undefined);
  assert.deepEqual(vals.float_val, [...tensor.data]);
  for (const proto of [content, vals]) {
    const back = decodeTensorProto('probabilities', proto, 'output');
    assert.deepEqual(back.shape, [1, 3]);
    assert.deepEqual([...back.data], [...tensor.data]);
  }
});
