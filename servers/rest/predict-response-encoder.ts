/**
 * Encodes outputs as TF Serving does: row requests get {"predictions": [...]} (one entry
 * per instance; an object per instance when there are several outputs), columnar requests
 * get {"outputs": tensor | {name: tensor}}.
 */
import type { Tensor, TensorMap } from '../engines/engine.ts';
import type { RequestFormat } from './predict-request-decoder.ts';
import { shapeSize } from '../core/tensor-validation.ts';

export function encodePredictResponse(outputs: TensorMap, format: RequestFormat): string {
  const names = Object.keys(outputs);
  if (format === 'columnar') {
    const value = names.length === 1 ? nest(outputs[names[0]]) : Object.fromEntries(names.map((n) => [n, nest(outputs[n])]));
    return JSON.stringify({ outputs: value });
  }
  const batch = outputs[names[0]].shape[0];
  const rows = new Array(batch);
  for (let i = 0; i < batch; i++) {
    rows[i] = names.length === 1 ? row(outputs[names[0]], i) : Object.fromEntries(names.map((n) => [n, row(outputs[n], i)]));
  }
  return JSON.stringify({ predictions: rows });
}

function row(t: Tensor, i: number): unknown {
  const inner = t.shape.slice(1);
  return build(t.data, inner, i * shapeSize(inner));
}

function nest(t: Tensor): unknown {
  return build(t.data, t.shape, 0);
}

function build(data: Float32Array, shape: number[], offset: number): unknown {
  if (shape.length === 0) return data[offset];
  if (shape.length === 1) return Array.from(data.subarray(offset, offset + shape[0]));
  const stride = shapeSize(shape.slice(1));
  const out = new Array(shape[0]);
  for (let i = 0; i < shape[0]; i++) out[i] = build(data, shape.slice(1), offset + i * stride);
  return out;
}
