/**
 * TensorProto <-> Tensor. Inputs arrive as `tensor_content` (little-endian bytes) or typed
 * value lists (`float_val`, `int_val`); DT_FLOAT is taken as is, DT_UINT8 and DT_INT32 are
 * converted to float32. Outputs leave as DT_FLOAT `tensor_content` (default) or `float_val`.
 * Every inconsistency (dtype, shape, byte or value count) is an INVALID_ARGUMENT naming the input.
 */
import { endianness } from 'node:os';
import type { Tensor, TensorDType } from '../engines/engine.ts';
import { invalidArgument } from '../core/serving-error.ts';
import { TF_DTYPE } from '../core/dtypes.ts';
import { formatShape, shapeSize } from '../core/tensor-validation.ts';

/** A TensorProto as proto-loader decodes it (keepCase, longs String, bytes Buffer, no defaults). */
export interface TensorProtoObject {
  dtype?: string;
  tensor_shape?: TensorShapeObject;
  version_number?: number;
  tensor_content?: Buffer;
  float_val?: number[];
  int_val?: number[];
  double_val?: number[];
  int64_val?: (string | number)[];
}

export interface TensorShapeObject {
  dim?: { size?: string | number; name?: string }[];
  unknown_rank?: boolean;
}

export type OutputEncoding = 'tensor_content' | 'float_val';

export function toDType(dataType: string | undefined): TensorDType | undefined {
  return (Object.keys(TF_DTYPE) as TensorDType[]).find((d) => TF_DTYPE[d] === dataType);
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** How each accepted input dtype is read; all become float32. */
const INPUT_READERS: Record<string, { bytes: number; read: (view: DataView, i: number) => number; values: 'float_val' | 'int_val' }> = {
  DT_FLOAT: { bytes: 4, read: (v, i) => v.getFloat32(i * 4, true), values: 'float_val' },
  DT_INT32: { bytes: 4, read: (v, i) => v.getInt32(i * 4, true), values: 'int_val' },
  DT_UINT8: { bytes: 1, read: (v, i) => v.getUint8(i), values: 'int_val' },
};

export function decodeShape(label: string, shape: TensorShapeObject | undefined): number[] {
  if (!shape) throw invalidArgument(`${label}: tensor_shape is missing`);
  if (shape.unknown_rank) throw invalidArgument(`${label}: tensor_shape has unknown rank`);
  return (shape.dim ?? []).map((dim) => {
    const size = Number(dim.size ?? 0);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw invalidArgument(`${label}: dimension size ${dim.size} is not a non-negative integer`);
    }
    return size;
  });
}

export function encodeShape(shape: number[]): TensorShapeObject {
  return { dim: shape.map((size) => ({ size })) };
}

function fromContent(label: string, dtype: string, content: Buffer, count: number, shape: number[]): Float32Array {
  const reader = INPUT_READERS[dtype];
  if (content.length !== count * reader.bytes) {
    throw invalidArgument(
      `${label}: tensor_content has ${content.length} bytes but shape ${formatShape(shape)} of ${dtype} needs ${count * reader.bytes}`,
    );
  }
  const out = new Float32Array(count);
  if (dtype === 'DT_FLOAT' && LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(content);
    return out;
  }
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  for (let i = 0; i < count; i++) out[i] = reader.read(view, i);
  return out;
}

function fromValues(label: string, values: number[], count: number, field: string, shape: number[]): Float32Array {
  // TensorProto semantics: a single value fills the whole shape.
  if (values.length === 1 && count > 1) return new Float32Array(count).fill(values[0]);
  if (values.length !== count) {
    throw invalidArgument(`${label}: ${field} has ${values.length} values but shape ${formatShape(shape)} needs ${count}`);
  }
  return Float32Array.from(values);
}

/** `role` only names the tensor in error messages (inputs on a server, outputs on a client). */
export function decodeTensorProto(name: string, proto: TensorProtoObject, role: 'input' | 'output' = 'input'): Tensor {
  const label = `${role} "${name}"`;
  const dtype = proto.dtype ?? 'DT_INVALID';
  const reader = INPUT_READERS[dtype];
  if (!reader) {
    throw invalidArgument(`${label}: dtype ${dtype} is not supported; expected DT_FLOAT (DT_UINT8 and DT_INT32 are converted)`);
  }
  const shape = decodeShape(label, proto.tensor_shape);
  const count = shapeSize(shape);
  if (proto.tensor_content && proto.tensor_content.length > 0) {
    return { data: fromContent(label, dtype, proto.tensor_content, count, shape), shape };
  }
  const values = proto[reader.values] ?? [];
  return { data: fromValues(label, values, count, reader.values, shape), shape };
}

export function encodeTensorProto(tensor: Tensor, encoding: OutputEncoding): TensorProtoObject {
  const proto: TensorProtoObject = { dtype: 'DT_FLOAT', tensor_shape: encodeShape(tensor.shape) };
  if (encoding === 'float_val') {
    proto.float_val = Array.from(tensor.data);
  } else if (LITTLE_ENDIAN) {
    proto.tensor_content = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  } else {
    const content = Buffer.alloc(tensor.data.length * 4);
    tensor.data.forEach((value, i) => content.writeFloatLE(value, i * 4));
    proto.tensor_content = content;
  }
  return proto;
}
