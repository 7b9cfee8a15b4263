/**
 * Input tensors of an inference request, in the Open Inference Protocol's forms, decoded into
 * the float32 tensors the model service takes: JSON `data` (flat or nested), raw little-endian
 * bytes (REST binary extension, gRPC `raw_input_contents`) or gRPC typed `contents`. The datatype
 * must be the one the model declares for that input (as Triton and KServe require); the data must
 * hold exactly the shape's element count. Every mismatch is an INVALID_ARGUMENT naming the input.
 * Outputs leave as FP32: a JSON number array or raw little-endian bytes.
 */
import type { ModelSignature, Tensor, TensorMap } from '../engines/engine.ts';
import { invalidArgument } from '../core/serving-error.ts';
import { formatShape, shapeSize } from '../core/tensor-validation.ts';
import { encodeTensorProto } from '../grpc/tensor-codec.ts';
import { isOipDatatype, OIP_DATATYPE, RAW_READERS } from './oip-datatypes.ts';

/** One input as the request gives it; `values` holds exactly one of the three data forms. */
export interface OipInput {
  name: string;
  datatype: unknown;
  shape: unknown;
  values: { json: unknown } | { raw: Uint8Array } | { typed: ArrayLike<number | string | boolean> };
}

export interface OipOutputHead {
  name: string;
  datatype: string;
  shape: number[];
}

function checkShape(label: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw invalidArgument(`${label}: "shape" must be an array of dimension sizes`);
  return shape.map((dim) => {
    const size = typeof dim === 'string' ? Number(dim) : dim;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw invalidArgument(`${label}: shape ${JSON.stringify(shape)} holds ${JSON.stringify(dim)}, not a non-negative integer`);
    }
    return size;
  });
}

function checkDatatype(label: string, datatype: unknown, expected: string): string {
  if (typeof datatype !== 'string' || !isOipDatatype(datatype)) {
    throw invalidArgument(`${label}: datatype ${JSON.stringify(datatype)} is not one of the protocol's datatypes (FP32, INT32, UINT8, ...)`);
  }
  if (datatype !== expected) throw invalidArgument(`${label}: datatype ${datatype} does not match the model's ${expected} for this input`);
  return datatype;
}

function fromJson(label: string, data: unknown, count: number, shape: number[]): Float32Array {
  if (!Array.isArray(data)) throw invalidArgument(`${label}: "data" must be an array (flat or nested, row-major)`);
  const flat = data.flat(Infinity) as unknown[];
  if (flat.length !== count) throw invalidArgument(`${label}: "data" holds ${flat.length} values but shape ${formatShape(shape)} needs ${count}`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const v = flat[i];
    if (typeof v !== 'number') throw invalidArgument(`${label}: "data" holds a non-number (${JSON.stringify(v)?.slice(0, 40)})`);
    out[i] = v;
  }
  return out;
}

function fromRaw(label: string, datatype: string, raw: Uint8Array, count: number, shape: number[]): Float32Array {
  const reader = RAW_READERS[datatype];
  if (!reader) throw invalidArgument(`${label}: datatype ${datatype} cannot be read from raw bytes here`);
  if (raw.byteLength !== count * reader.bytes) {
    throw invalidArgument(`${label}: ${raw.byteLength} bytes of data but shape ${formatShape(shape)} of ${datatype} needs ${count * reader.bytes}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = reader.read(view, i);
  return out;
}

function fromTyped(label: string, values: ArrayLike<number | string | boolean>, count: number, shape: number[]): Float32Array {
  if (values.length !== count) throw invalidArgument(`${label}: contents hold ${values.length} values but shape ${formatShape(shape)} needs ${count}`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Number(values[i]);
  return out;
}

/** Decodes every input, each checked against the model's signature by name. */
export function decodeOipInputs(inputs: OipInput[], signature: ModelSignature): TensorMap {
  const tensors: TensorMap = {};
  for (const input of inputs) {
    const label = `input "${input.name}"`;
    const spec = signature.inputs.find((s) => s.name === input.name);
    if (!spec) throw invalidArgument(`${label} is not an input of the model; inputs: ${signature.inputs.map((s) => s.name).join(', ')}`);
    if (tensors[input.name]) throw invalidArgument(`${label} is given twice`);
    const datatype = checkDatatype(label, input.datatype, OIP_DATATYPE[spec.dtype]);
    const shape = checkShape(label, input.shape);
    const count = shapeSize(shape);
    const v = input.values;
    const data = 'json' in v ? fromJson(label, v.json, count, shape) : 'raw' in v ? fromRaw(label, datatype, v.raw, count, shape) : fromTyped(label, v.typed, count, shape);
    tensors[input.name] = { data, shape };
  }
  return tensors;
}

export const outputHead = (name: string, tensor: Tensor): OipOutputHead => ({ name, datatype: 'FP32', shape: tensor.shape });

/** An FP32 output as little-endian bytes (no copy on a little-endian machine). */
export function rawOutput(tensor: Tensor): Buffer {
  return encodeTensorProto(tensor, 'tensor_content').tensor_content as Buffer;
}
