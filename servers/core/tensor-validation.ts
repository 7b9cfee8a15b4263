/**
 * Checks a decoded batch against the model's signature before it reaches an engine:
 * every input present and known, ranks and fixed dimensions right, one batch size,
 * data length matching the shape, batch within the configured maximum, every value finite.
 *
 * Non-finite inputs (NaN, ±Infinity, or a JSON number beyond float32's range) are refused with
 * INVALID_ARGUMENT on REST and gRPC alike: here, once, after either protocol's decoding. (TF
 * Serving passes them to the model; a NaN pixel only yields NaN probabilities, which JSON cannot
 * carry, so we say so at the door instead.)
 */
import type { ModelSignature, TensorMap } from '../engines/engine.ts';
import { invalidArgument } from './serving-error.ts';

export const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const formatShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Index of the first NaN or ±Infinity, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) return i; // NaN - NaN and Inf - Inf are NaN
  }
  return -1;
}

/** Returns the batch size shared by all inputs. */
export function validateInputs(inputs: TensorMap, signature: ModelSignature, maxBatch: number): number {
  const known = new Set(signature.inputs.map((s) => s.name));
  for (const name of Object.keys(inputs)) {
    if (!known.has(name)) {
      throw invalidArgument(`input "${name}" is not in the signature; expected inputs: ${[...known].join(', ')}`);
    }
  }
  let batch = -1;
  for (const spec of signature.inputs) {
    const tensor = inputs[spec.name];
    if (!tensor) throw invalidArgument(`missing input "${spec.name}"`);
    const { shape } = tensor;
    if (shape.length !== spec.shape.length) {
      throw invalidArgument(
        `input "${spec.name}" has rank ${shape.length} (shape ${formatShape(shape)}); expected rank ${spec.shape.length} (shape ${formatShape(spec.shape)})`,
      );
    }
    spec.shape.forEach((dim, i) => {
      if (i > 0 && dim >= 0 && shape[i] !== dim) {
        throw invalidArgument(
          `input "${spec.name}" has shape ${formatShape(shape)}; expected ${formatShape(spec.shape)} (dimension ${i} must be ${dim})`,
        );
      }
    });
    if (tensor.data.length !== shapeSize(shape)) {
      throw invalidArgument(
        `input "${spec.name}" holds ${tensor.data.length} values but shape ${formatShape(shape)} needs ${shapeSize(shape)}`,
      );
    }
    const bad = firstNonFinite(tensor.data);
    if (bad !== -1) {
      throw invalidArgument(
        `input "${spec.name}" holds a non-finite number (${tensor.data[bad]} at flat index ${bad}); every value must be finite (no NaN or Infinity)`,
      );
    }
    if (batch !== -1 && shape[0] !== batch) {
      throw invalidArgument(`inputs disagree on the batch size (${batch} vs ${shape[0]} for "${spec.name}")`);
    }
    batch = shape[0];
  }
  if (batch < 1) throw invalidArgument('empty batch: at least one instance is required');
  if (batch > maxBatch) throw invalidArgument(`batch size ${batch} is above the maximum of ${maxBatch}`);
  return batch;
}
