/**
 * One image's shape (height, width, channels; NHWC without the batch) and how its pixels are
 * written: `int` (0-255 whole numbers, as CIFAR bytes) or `float` (0-255 with two decimals, as a
 * resized or normalised image gives). Pure TS: k6 scenarios, tests and benches share it.
 */
export type ImageShape = readonly [height: number, width: number, channels: number];
export type PixelKind = 'int' | 'float';
export const PIXEL_KINDS: readonly PixelKind[] = ['int', 'float'];

/** CIFAR-10's 32x32x3. */
export const CIFAR_SHAPE: ImageShape = [32, 32, 3];

/** Pixels of one HWC image: bytes (int) or two-decimal numbers (float). */
export type Pixels = Uint8Array | Float64Array;

export const imageValues = (shape: ImageShape): number => shape[0] * shape[1] * shape[2];

export const shapeText = (shape: ImageShape): string => shape.join('x');

export const sameShape = (a: ImageShape, b: ImageShape): boolean => a.every((d, i) => d === b[i]);

/** `224x224x3` (or `224,224,3`) as a shape; throws on anything else. */
export function parseImageShape(text: string): ImageShape {
  const dims = text.split(/[x,]/).map((d) => Number(d.trim()));
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d > 0 && d <= 4096)) {
    throw new Error(`${JSON.stringify(text)} is not an image shape HxWxC such as 224x224x3`);
  }
  return [dims[0], dims[1], dims[2]];
}
