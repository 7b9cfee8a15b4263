/**
 * The paper's CIFAR-10 CNN as data — the one place both writers (ONNX, TF.js) read the layer list.
 * Shapes are NHWC; conv kernels are HWIO and dense kernels [in, out], as in Keras.
 */
export const INPUT_NAME = 'images';
export const OUTPUT_NAME = 'probabilities';
export const INPUT_SHAPE = [32, 32, 3] as const;
export const NUM_CLASSES = 10;
export const DEFAULT_MODEL_SEED = 20210;
/** The study's model: its name, and so its directory (`models/cifar10/`) and the name it is served under by default. */
export const MODEL_NAME = 'cifar10';

export type LayerDef =
  | { kind: 'rescale'; name: string; scale: number }
  | { kind: 'conv'; name: string; filters: number; kernel: number; activation: 'relu' }
  | { kind: 'dropout'; name: string; rate: number }
  | { kind: 'maxpool'; name: string; pool: number }
  | { kind: 'flatten'; name: string }
  | { kind: 'dense'; name: string; units: number; activation: 'relu' | 'softmax' };

export const LAYERS: readonly LayerDef[] = [
  { kind: 'rescale', name: 'rescale', scale: 1 / 255 },
  { kind: 'conv', name: 'conv1', filters: 64, kernel: 3, activation: 'relu' },
  { kind: 'dropout', name: 'dropout1', rate: 0.5 },
  { kind: 'conv', name: 'conv2', filters: 64, kernel: 3, activation: 'relu' },
  { kind: 'dropout', name: 'dropout2', rate: 0.5 },
  { kind: 'maxpool', name: 'pool1', pool: 2 },
  { kind: 'conv', name: 'conv3', filters: 128, kernel: 3, activation: 'relu' },
  { kind: 'dropout', name: 'dropout3', rate: 0.5 },
  { kind: 'maxpool', name: 'pool2', pool: 2 },
  { kind: 'conv', name: 'conv4', filters: 256, kernel: 3, activation: 'relu' },
  { kind: 'dropout', name: 'dropout4', rate: 0.5 },
  { kind: 'maxpool', name: 'pool3', pool: 2 },
  { kind: 'flatten', name: 'flatten' },
  { kind: 'dense', name: 'dense1', units: 512, activation: 'relu' },
  { kind: 'dense', name: OUTPUT_NAME, units: NUM_CLASSES, activation: 'softmax' },
];

/** A generated model as data: what both writers build, and what generate.ts names its directory after. */
export interface ModelSpec {
  name: string;
  /** H, W, C of one image (NHWC without the batch). */
  inputShape: readonly [number, number, number];
  layers: readonly LayerDef[];
  /** Weights come from this seed unless told otherwise. */
  seed: number;
  description: string;
}

/** The study's CIFAR-10 CNN. */
export const CIFAR10: ModelSpec = { name: MODEL_NAME, inputShape: INPUT_SHAPE, layers: LAYERS, seed: DEFAULT_MODEL_SEED, description: 'CIFAR-10 CNN (servebench, deterministic weights)' };

/** A layer with trainable weights, with the shapes it sees. */
export interface WeightedLayer {
  layer: Extract<LayerDef, { kind: 'conv' | 'dense' }>;
  /** Kernel shape in Keras layout: conv [k, k, in, out]; dense [in, out]. */
  kernelShape: number[];
  fanIn: number;
  units: number;
}

/** Walks LAYERS tracking the HWC shape; returns the weighted layers and the final shape. */
export function weightedLayers(layers: readonly LayerDef[] = LAYERS, inputShape: readonly number[] = INPUT_SHAPE): WeightedLayer[] {
  let shape: number[] = [...inputShape];
  const out: WeightedLayer[] = [];
  for (const layer of layers) {
    if (layer.kind === 'conv') {
      const inC = shape[2];
      out.push({ layer, kernelShape: [layer.kernel, layer.kernel, inC, layer.filters], fanIn: layer.kernel * layer.kernel * inC, units: layer.filters });
      shape = [shape[0], shape[1], layer.filters];
    } else if (layer.kind === 'maxpool') {
      shape = [Math.floor(shape[0] / layer.pool), Math.floor(shape[1] / layer.pool), shape[2]];
    } else if (layer.kind === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (layer.kind === 'dense') {
      out.push({ layer, kernelShape: [shape[0], layer.units], fanIn: shape[0], units: layer.units });
      shape = [layer.units];
    }
  }
  return out;
}

/** Total trainable parameters (kernels + biases). */
export function parameterCount(layers: readonly LayerDef[] = LAYERS, inputShape: readonly number[] = INPUT_SHAPE): number {
  return weightedLayers(layers, inputShape).reduce((sum, w) => sum + w.kernelShape.reduce((a, b) => a * b, 1) + w.units, 0);
}
