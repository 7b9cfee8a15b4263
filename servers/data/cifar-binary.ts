/**
 * CIFAR-10 binary batches (e.g. `test_batch.bin`): records of 1 label byte + 3072 bytes
 * (R plane, G plane, B plane, each 32x32 row-major). Pure TS so k6 can call it on `open(path, 'b')`.
 */
import { IMAGE_BYTES, IMAGE_HEIGHT, IMAGE_WIDTH, type LabeledImage } from './synthetic-images.ts';

export const CIFAR_RECORD_BYTES = 1 + IMAGE_BYTES;

/** Decodes every record, converting CHW planes to HWC. `source` names the data in errors. */
export function parseCifarBinary(bytes: Uint8Array, source = '<buffer>'): LabeledImage[] {
  if (bytes.length === 0) {
    throw new Error(`CIFAR-10 binary ${source} is empty (0 bytes); expected records of ${CIFAR_RECORD_BYTES} bytes`);
  }
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) {
    throw new Error(
      `CIFAR-10 binary ${source} is truncated or not a CIFAR-10 batch: ${bytes.length} bytes is not a ` +
        `multiple of the ${CIFAR_RECORD_BYTES}-byte record size (${Math.floor(bytes.length / CIFAR_RECORD_BYTES)} ` +
        `full records + ${bytes.length % CIFAR_RECORD_BYTES} bytes)`,
    );
  }
  const plane = IMAGE_HEIGHT * IMAGE_WIDTH;
  const images: LabeledImage[] = [];
  for (let off = 0; off < bytes.length; off += CIFAR_RECORD_BYTES) {
    const label = bytes[off];
    const chw = bytes.subarray(off + 1, off + CIFAR_RECORD_BYTES);
    const pixels = new Uint8Array(IMAGE_BYTES);
    for (let p = 0; p < plane; p++) {
      pixels[p * 3] = chw[p];
      pixels[p * 3 + 1] = chw[plane + p];
      pixels[p * 3 + 2] = chw[2 * plane + p];
    }
    images.push({ pixels, label });
  }
  return images;
}
