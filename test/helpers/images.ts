/** Test images as the REST API carries them: nested [32][32][3] arrays of 0-255 numbers. */
import { syntheticImages } from '../../servers/data/synthetic-images.ts';

export { nestedImage } from '../../servers/data/image-json.ts';

export function testImages(count: number, start = 0): Uint8Array[] {
  return syntheticImages(count, undefined, start).map((img) => img.pixels);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
