/**
 * One image as TF Serving's REST row format carries it: nested [height][width][channels]
 * arrays of 0-255 numbers (whole, or with the float pixels' two decimals), at any shape.
 * Pure TS (no node: imports): k6 scenarios, tests and benches share it.
 */
import { CIFAR_SHAPE, type ImageShape, type Pixels } from './image-shape.ts';

export function nestedImageOf(pixels: Pixels, [height, width, channels]: ImageShape): number[][][] {
  const rows: number[][][] = [];
  for (let y = 0; y < height; y++) {
    const row: number[][] = [];
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      row.push(Array.from(pixels.subarray(o, o + channels)));
    }
    rows.push(row);
  }
  return rows;
}

/** A 32x32x3 CIFAR image (one parameter, so `images.map(nestedImage)` stays right). */
export const nestedImage = (pixels: Pixels): number[][][] => nestedImageOf(pixels, CIFAR_SHAPE);
