/** Test images as the REST API carries them: nested [32][32][3] arrays of 0-255 numbers. */
import { syntheticImages } from '../../servers/data/synthetic-images.ts';

export function nestedImage(pixels: Uint8Array): number[][][] {
  const rows: number[][][] = [];
  for (let y = 0; y < 32; y++) {
    const row: number[][] = [];
    for (let x = 0; x < 32; x++) {
      const o = (y * 32 + x) * 3;
      row.push([pixels[o], pixels[o + 1], pixels[o + 2]]);
    }
    rows.push(row);
  }
  return rows;
}

export function testImages(count: number, start = 0): Uint8Array[] {
  return syntheticImages(count, undefined, start).map((img) => img.pixels);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
