/**
 * Deterministic CIFAR-like images: 32x32x3 HWC bytes (0-255) from a seed, each with a label; and
 * the same images at any shape with whole or two-decimal float pixels (syntheticPixels).
 * Pure TS, no node: imports — k6 scenarios import this file directly.
 *
 * Each image mixes a per-image base colour, a smooth gradient, a few soft blobs and pixel noise,
 * so images differ in colour, texture and layout (and so spread over the model's classes). At
 * another size the layout scales with the width (gradient per pixel / s, blob radius * s, s =
 * width / 32), so 32x32x3 int pixels are exactly the CIFAR-like bytes.
 */
import { CIFAR_SHAPE, imageValues, type ImageShape, type PixelKind, type Pixels } from './image-shape.ts';
import { mulberry32, uniform } from './prng.ts';

export const IMAGE_HEIGHT = 32;
export const IMAGE_WIDTH = 32;
export const IMAGE_CHANNELS = 3;
export const IMAGE_BYTES = IMAGE_HEIGHT * IMAGE_WIDTH * IMAGE_CHANNELS;
export const NUM_CLASSES = 10;

export interface LabeledImage {
  /** HWC bytes, length IMAGE_BYTES. */
  pixels: Uint8Array;
  label: number;
}

export const DEFAULT_IMAGE_SEED = 2021;

/**
 * The pixels of image `index` in the stream for `seed`, at `shape`: `int` rounds to 0-255 bytes,
 * `float` keeps two decimals (a Float64Array whose values print as written, e.g. 123.46).
 */
export function syntheticPixels(index: number, seed: number = DEFAULT_IMAGE_SEED, shape: ImageShape = CIFAR_SHAPE, kind: PixelKind = 'int'): Pixels {
  const [height, width, channels] = shape;
  const s = width / IMAGE_WIDTH;
  const random = mulberry32((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const base = [0, 1, 2].map(() => uniform(random, 0, 255));
  const grad = [0, 1, 2].map(() => [uniform(random, -4, 4) / s, uniform(random, -4, 4) / s]);
  const blobs = Array.from({ length: 3 }, () => ({
    y: uniform(random, 0, height),
    x: uniform(random, 0, width),
    r2: uniform(random, 6, 80) * s * s,
    colour: [0, 1, 2].map(() => uniform(random, -160, 160)),
  }));
  const noise = uniform(random, 2, 40);
  const pixels = kind === 'int' ? new Uint8Array(imageValues(shape)) : new Float64Array(imageValues(shape));
  const round = kind === 'int' ? Math.round : (v: number) => Math.round(v * 100) / 100;
  const cy = height / 2;
  const cx = width / 2;
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const k = c % 3;
        let v = base[k] + grad[k][0] * (y - cy) + grad[k][1] * (x - cx);
        for (const b of blobs) {
          const d2 = (y - b.y) ** 2 + (x - b.x) ** 2;
          v += b.colour[k] * Math.exp(-d2 / b.r2);
        }
        v += uniform(random, -noise, noise);
        pixels[i++] = v < 0 ? 0 : v > 255 ? 255 : round(v);
      }
    }
  }
  return pixels;
}

/** The image at `index` in the stream for `seed`; the same (seed, index) always gives the same bytes. */
export function syntheticImage(index: number, seed: number = DEFAULT_IMAGE_SEED): LabeledImage {
  return { pixels: syntheticPixels(index, seed) as Uint8Array, label: index % NUM_CLASSES };
}

/** `count` consecutive images starting at `start`. */
export function syntheticImages(count: number, seed: number = DEFAULT_IMAGE_SEED, start = 0): LabeledImage[] {
  return Array.from({ length: count }, (_, k) => syntheticImage(start + k, seed));
}
