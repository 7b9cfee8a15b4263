/** Node wrapper: reads a CIFAR-10 binary batch file from disk (see cifar-binary.ts for the format). */
import { readFile } from 'node:fs/promises';
import { parseCifarBinary } from './cifar-binary.ts';
import type { LabeledImage } from './synthetic-images.ts';

export async function loadCifarBinaryFile(path: string, limit?: number): Promise<LabeledImage[]> {
  const bytes = new Uint8Array(await readFile(path));
  const images = parseCifarBinary(bytes, path);
  return limit === undefined ? images : images.slice(0, limit);
}
