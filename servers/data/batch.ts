/**
 * Packs HWC images (bytes or two-decimal float pixels) into one flat NHWC batch holding 0-255
 * values (the model scales): float32 for the wire's raw tensors, float64 where the values are
 * written as text (JSON), so they print as the pixels were written. Pure TS.
 */
import { CIFAR_SHAPE, imageValues, shapeText, type ImageShape, type Pixels } from './image-shape.ts';

function packBatch<T extends Float32Array | Float64Array>(images: Pixels[], shape: ImageShape, out: (length: number) => T): T {
  const size = imageValues(shape);
  const batch = out(images.length * size);
  images.forEach((img, n) => {
    if (img.length !== size) {
      throw new Error(`image ${n} has ${img.length} ${img instanceof Uint8Array ? 'bytes' : 'values'}, expected ${size} (${shapeText(shape)} HWC)`);
    }
    batch.set(img, n * size);
  });
  return batch;
}

export const toFloat32Batch = (images: Pixels[], shape: ImageShape = CIFAR_SHAPE): Float32Array =>
  packBatch(images, shape, (n) => new Float32Array(n));

export const toFloat64Batch = (images: Pixels[], shape: ImageShape = CIFAR_SHAPE): Float64Array =>
  packBatch(images, shape, (n) => new Float64Array(n));
