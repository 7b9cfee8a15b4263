/**
 * Deterministic weights for the architecture: He-uniform kernels (limit sqrt(6 / fan_in)) from a
 * mulberry32 stream (dense kernels then column-centred), zero hidden biases, and a modest random
 * bias on the last layer, so argmax predictions spread over several classes.
 */
import { mulberry32, uniform } from '../data/prng.ts';
import { INPUT_SHAPE, LAYERS, weightedLayers, type LayerDef, type WeightedLayer } from './architecture.ts';

export interface LayerWeights extends WeightedLayer {
  /** Keras layout (conv HWIO, dense [in, out]). */
  kernel: Float32Array;
  bias: Float32Array;
}

export const OUTPUT_BIAS_RANGE = 0.5;

export function generateWeights(seed: number, layers: readonly LayerDef[] = LAYERS, inputShape: readonly number[] = INPUT_SHAPE): LayerWeights[] {
  const random = mulberry32(seed);
  const weighted = weightedLayers(layers, inputShape);
  return weighted.map((w, index) => {
    const limit = Math.sqrt(6 / w.fanIn);
    const kernel = new Float32Array(w.kernelShape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < kernel.length; i++) kernel[i] = uniform(random, -limit, limit);
    const bias = new Float32Array(w.units);
    if (w.layer.kind === 'dense') centreColumns(kernel, w.kernelShape[0], w.units);
    if (index === weighted.length - 1) {
      for (let i = 0; i < bias.length; i++) bias[i] = uniform(random, -OUTPUT_BIAS_RANGE, OUTPUT_BIAS_RANGE);
    }
    return { ...w, kernel, bias };
  });
}

/**
 * Makes each output column of a dense kernel [in, out] sum to zero. ReLU features are all
 * positive with a large shared mean; without this the shared part picks the same class for
 * every image. Centred columns cancel it, so image-specific features decide the argmax.
 */
function centreColumns(kernel: Float32Array, rows: number, cols: number): void {
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += kernel[r * cols + c];
    const mean = sum / rows;
    for (let r = 0; r < rows; r++) kernel[r * cols + c] -= mean;
  }
}

/** Conv kernel HWIO [kh, kw, in, out] -> OIHW [out, in, kh, kw] (ONNX Conv layout). */
export function hwioToOihw(kernel: Float32Array, shape: number[]): Float32Array {
  const [kh, kw, ci, co] = shape;
  const out = new Float32Array(kernel.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + h) * kw + w] = kernel[((h * kw + w) * ci + i) * co + o];
  return out;
}
