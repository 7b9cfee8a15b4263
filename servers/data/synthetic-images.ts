/**
 * Deterministic CIFAR-like images: 32x32x3 HWC bytes (0-255) from a seed, each with a label.
 * Pure TS, no node: imports — k6 scenarios import this file directly.
 *
 * Each image mixes a per-image base colour, a smooth gradient, a few soft blobs and pixel noise,
 * so images differ in colour, texture and layout (and so spread over the model's classes).
 */
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

/** The image at `index` in the stream for `seed`; the same (seed, index) always gives the same bytes. */
export function syntheticImage(index: number, seed: number = DEFAULT_IMAGE_SEED): LabeledImage {
  const random = mulberry32((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const base = [0, 1, 2].map(() => uniform(random, 0, 255));
  const grad = [0, 1, 2].map(() => [uniform(random, -4, 4), uniform(random, -4, 4)]);
  const blobs = Array.from({ length: 3 }, () => ({
    y: uniform(random, 0, IMAGE_HEIGHT),
    x: uniform(random, 0, IMAGE_WIDTH),
    r2: uniform(random, 6, 80),
    colour: [0, 1, 2].map(() => uniform(random, -160, 160)),
  }));
  const noise = uniform(random, 2, 40);
  const pixels = new Uint8Array(IMAGE_BYTES);
  let i = 0;
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      for (let c = 0; c < IMAGE_CHANNELS; c++) {
        let v = base[c] + grad[c][0] * (y - 16) + grad[c][1] * (x - 16);
        for (const b of blobs) {
          const d2 = (y - b.y) ** 2 + (x - b.x) ** 2;
          v += b.colour[c] * Math.exp(-d2 / b.r2);
        }
        v += uniform(random, -noise, noise);
        pixels[i++] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return { pixels, label: index % NUM_CLASSES };
}

/** `count` consecutive images starting at `start`. */
export function syntheticImages(count: number, seed: number = DEFAULT_IMAGE_SEED, start = 0): LabeledImage[] {
  return Array.from({ length: count }, (_, k) => syntheticImage(start + k, seed));
}
