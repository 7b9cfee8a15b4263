/**
 * The Open Inference Protocol's tensor datatypes (FP32, INT32, ...): our dtype names beside
 * theirs, the byte size of each, and how little-endian raw bytes of each are read. Pure TS.
 */
import type { TensorDType } from '../engines/engine.ts';

export const OIP_DATATYPE: Record<TensorDType, string> = {
  float32: 'FP32',
  float64: 'FP64',
  int32: 'INT32',
  uint8: 'UINT8',
  int64: 'INT64',
};

interface RawReader {
  bytes: number;
  read(view: DataView, index: number): number;
}

/** Every datatype the protocol names that holds numbers, with its raw little-endian reader. */
export const RAW_READERS: Record<string, RawReader> = {
  BOOL: { bytes: 1, read: (v, i) => v.getUint8(i) },
  UINT8: { bytes: 1, read: (v, i) => v.getUint8(i) },
  UINT16: { bytes: 2, read: (v, i) => v.getUint16(i * 2, true) },
  UINT32: { bytes: 4, read: (v, i) => v.getUint32(i * 4, true) },
  UINT64: { bytes: 8, read: (v, i) => Number(v.getBigUint64(i * 8, true)) },
  INT8: { bytes: 1, read: (v, i) => v.getInt8(i) },
  INT16: { bytes: 2, read: (v, i) => v.getInt16(i * 2, true) },
  INT32: { bytes: 4, read: (v, i) => v.getInt32(i * 4, true) },
  INT64: { bytes: 8, read: (v, i) => Number(v.getBigInt64(i * 8, true)) },
  FP32: { bytes: 4, read: (v, i) => v.getFloat32(i * 4, true) },
  FP64: { bytes: 8, read: (v, i) => v.getFloat64(i * 8, true) },
};

/** The protocol's other datatypes, which servebench's models never take. */
const NON_NUMERIC = ['FP16', 'BF16', 'BYTES'];

export const isOipDatatype = (name: string): boolean => name in RAW_READERS || NON_NUMERIC.includes(name);

/** The `InferTensorContents` field (gRPC) that carries each datatype's typed values. */
export function contentsField(datatype: string): string | undefined {
  if (datatype === 'BOOL') return 'bool_contents';
  if (datatype === 'FP32') return 'fp32_contents';
  if (datatype === 'FP64') return 'fp64_contents';
  if (datatype === 'INT64') return 'int64_contents';
  if (datatype === 'UINT64') return 'uint64_contents';
  if (datatype.startsWith('INT')) return 'int_contents';
  if (datatype.startsWith('UINT')) return 'uint_contents';
  return undefined;
}
