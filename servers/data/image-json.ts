/**
 * One image as TF Serving's REST row format carries it: nested [height][width][channels]
 * arrays of 0-255 numbers. Pure TS (no node: imports): k6 scenarios, tests and benches share it.
 */
import { IMAGE_CHANNELS, IMAGE_HEIGHT, IMAGE_WIDTH } from './synthetic-images.ts';

export function nestedImage(pixels: Uint8Array): number[][][] {
  const rows: number[][][] = [];
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    const row: number[][] = [];
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      const o = (y * IMAGE_WIDTH + x) * IMAGE_CHANNELS;
      row.push(Array.from(pixels.subarray(o, o + IMAGE_CHANNELS)));
    }
    rows.push(row);
  }
  return rows;
}
