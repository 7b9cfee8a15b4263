/** Maps engine-specific element type names to our TensorDType, and converts float32 data to them. */
import type { TensorDType } from './engine.ts';

const KNOWN: Record<string, TensorDType> = {
  float32: 'float32', float: 'float32', DT_FLOAT: 'float32',
  int32: 'int32', DT_INT32: 'int32',
  uint8: 'uint8', DT_UINT8: 'uint8',
  int64: 'int64', DT_INT64: 'int64',
  float64: 'float64', double: 'float64', DT_DOUBLE: 'float64',
};

export function toTensorDType(engineType: string, what: string): TensorDType {
  const dtype = KNOWN[engineType];
  if (!dtype) throw new Error(`${what} has element type ${engineType}; supported: float32, int32, uint8, int64, float64`);
  return dtype;
}

/** Dynamic or symbolic dims (null, undefined, 'N', -1) become -1. */
export function toShape(dims: ReadonlyArray<number | string | null | undefined> | undefined | null): number[] {
  return (dims ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
}

/** Float32 data as the typed array a model input of `dtype` expects. */
export function fromFloat32(data: Float32Array, dtype: TensorDType): Float32Array | Int32Array | Uint8Array | BigInt64Array | Float64Array {
  switch (dtype) {
    case 'float32': return data;
    case 'int32': return Int32Array.from(data);
    case 'uint8': return Uint8Array.from(data);
    case 'float64': return Float64Array.from(data);
    case 'int64': return BigInt64Array.from(data, (v) => BigInt(Math.trunc(v)));
  }
}

/** Any numeric typed array (or bigint array) as Float32Array, without copying when already float32. */
export function toFloat32(data: ArrayLike<number | bigint> | ArrayLike<number>): Float32Array {
  if (data instanceof Float32Array) return data;
  return Float32Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
}
