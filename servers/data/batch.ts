/** Packs HWC byte images into one float32 NHWC batch holding 0-255 values (the model scales). Pure TS. */
import { IMAGE_BYTES } from './synthetic-images.ts';

export function toFloat32Batch(images: Uint8Array[]): Float32Array {
  const out = new Float32Array(images.length * IMAGE_BYTES);
  images.forEach((img, n) => {
    if (img.length !== IMAGE_BYTES) {
      throw new Error(`image ${n} has ${img.length} bytes, expected ${IMAGE_BYTES} (32x32x3 HWC)`);
    }
    out.set(img, n * IMAGE_BYTES);
  });
  return out;
}
