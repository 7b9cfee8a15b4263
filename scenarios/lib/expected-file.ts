/**
 * The expected-classes file shipped with a data set: which image indices to send and the class
 * our reference engine (onnxruntime) gives each. Written by build/expected-classes.ts.
 */
export interface ExpectedImage {
  /** Index of the image in its source (synthetic stream or CIFAR batch file). */
  index: number;
  /** argmax of the reference engine's probabilities. */
  class: number;
  /** top-1 minus top-2 probability: how safe the answer is across engines. */
  margin: number;
}

export interface ExpectedFile {
  source: string;
  /** Synthetic images: the seed of the stream. */
  seed?: number;
  engine: string;
  /** Smallest margin kept when the file was written. */
  minMargin: number;
  images: ExpectedImage[];
}

export function parseExpectedFile(text: string, source: string): ExpectedFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`expected-classes file ${source} is not JSON: ${String(err)}`);
  }
  const file = parsed as ExpectedFile;
  if (!file || !Array.isArray(file.images) || file.images.some((e) => !Number.isInteger(e.index) || !Number.isInteger(e.class))) {
    throw new Error(`expected-classes file ${source} has no valid "images": [{index, class, margin}] list`);
  }
  return file;
}
