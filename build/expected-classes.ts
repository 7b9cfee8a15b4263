/**
 * Writes the expected-classes file the k6 checks judge answers against: for each image, the
 * class our reference engine (onnxruntime, 1 thread) gives it, keeping only images whose top-1
 * beats top-2 by at least --min-margin (so every engine agrees on them).
 *
 *   npx tsx build/expected-classes.ts                      # scenarios/lib/expected-synthetic.json
 *   npx tsx build/expected-classes.ts --cifar data/test_batch.bin   # data/test_batch.bin.expected.json
 *   npx tsx build/expected-classes.ts --check              # exit 1 if the committed file is stale
 *
 * Margins are written to six decimals; compare files with diffExpected (classes exactly, margins
 * within a tolerance), never as text: the last digits depend on the CPU.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngine } from '../servers/engines/engine-registry.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { DEFAULT_IMAGE_SEED, syntheticImage, type LabeledImage } from '../servers/data/synthetic-images.ts';
import { parseCifarBinary } from '../servers/data/cifar-binary.ts';
import { parseExpectedFile, type ExpectedFile, type ExpectedImage } from '../scenarios/lib/expected-file.ts';
import { diffExpected, MARGIN_TOLERANCE } from './expected-diff.ts';

export const SYNTHETIC_EXPECTED_FILE = fileURLToPath(new URL('../scenarios/lib/expected-synthetic.json', import.meta.url));
export const DEFAULT_COUNT = 128;
export const DEFAULT_MIN_MARGIN = 0.01;
const CHUNK = 32;

export interface ExpectedOptions {
  modelDir?: string;
  count?: number;
  minMargin?: number;
}

type ImageSource = { label: string; seed?: number; total: number; image(index: number): LabeledImage };

export function syntheticSource(seed = DEFAULT_IMAGE_SEED): ImageSource {
  return { label: 'synthetic', seed, total: Number.MAX_SAFE_INTEGER, image: (i) => syntheticImage(i, seed) };
}

export async function cifarSource(path: string): Promise<ImageSource> {
  const images = parseCifarBinary(new Uint8Array(await readFile(path)), path);
  return { label: `cifar10-binary:${path.split('/').pop()}`, total: images.length, image: (i) => images[i] };
}

function topTwo(row: Float32Array): { cls: number; margin: number } {
  let a = 0;
  let b = -1;
  for (let i = 1; i < row.length; i++) {
    if (row[i] > row[a]) [a, b] = [i, a];
    else if (b < 0 || row[i] > row[b]) b = i;
  }
  return { cls: a, margin: row[a] - row[b] };
}

/** Scans the source in order, keeping images with a safe margin, until `count` are kept. */
export async function computeExpected(source: ImageSource, options: ExpectedOptions = {}): Promise<ExpectedFile> {
  const count = options.count ?? DEFAULT_COUNT;
  const minMargin = options.minMargin ?? DEFAULT_MIN_MARGIN;
  const modelDir = options.modelDir ?? (await ensureModel());
  const engine = await loadEngine('onnxruntime', { modelDir, threads: 1 });
  const input = engine.signature.inputs[0].name;
  const output = engine.signature.outputs.find((o) => o.name === 'probabilities')?.name ?? engine.signature.outputs[0].name;
  const kept: ExpectedImage[] = [];
  const scanLimit = Math.min(source.total, count * 50);
  try {
    for (let start = 0; start < scanLimit && kept.length < count; start += CHUNK) {
      const indices = Array.from({ length: Math.min(CHUNK, scanLimit - start) }, (_, k) => start + k);
      const pixels = indices.map((i) => source.image(i).pixels);
      const result = await engine.predict({ [input]: { data: toFloat32Batch(pixels), shape: [pixels.length, 32, 32, 3] } });
      const probs = result[output].data;
      const classes = probs.length / pixels.length;
      indices.forEach((index, k) => {
        const { cls, margin } = topTwo(probs.subarray(k * classes, (k + 1) * classes));
        if (margin >= minMargin && kept.length < count) kept.push({ index, class: cls, margin: Number(margin.toFixed(6)) });
      });
    }
  } finally {
    await engine.dispose();
  }
  if (kept.length === 0) throw new Error(`no image of ${source.label} has a top-1 margin >= ${minMargin}`);
  return { source: source.label, seed: source.seed, engine: 'onnxruntime', minMargin, images: kept };
}

export const formatExpected = (file: ExpectedFile): string =>
  JSON.stringify({ ...file, images: '__IMAGES__' }, null, 2).replace(
    '"__IMAGES__"',
    `[\n${file.images.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`,
  ) + '\n';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cifar: { type: 'string' },
      out: { type: 'string' },
      count: { type: 'string' },
      'min-margin': { type: 'string' },
      'model-dir': { type: 'string' },
      check: { type: 'boolean' },
    },
  });
  const count = values.count === undefined ? (values.cifar ? 1000 : DEFAULT_COUNT) : Number(values.count);
  const minMargin = values['min-margin'] === undefined ? DEFAULT_MIN_MARGIN : Number(values['min-margin']);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${values.count}`);
  if (!(minMargin >= 0)) throw new Error(`--min-margin must be >= 0, got ${values['min-margin']}`);
  const source = values.cifar ? await cifarSource(values.cifar) : syntheticSource();
  const out = values.out ?? (values.cifar ? `${values.cifar}.expected.json` : SYNTHETIC_EXPECTED_FILE);
  const fresh = await computeExpected(source, { count, minMargin, modelDir: values['model-dir'] });
  if (values.check) {
    const differences = diffExpected(parseExpectedFile(await readFile(out, 'utf8'), out), fresh);
    if (differences.length > 0) throw new Error(`${out} is stale (${differences.join('; ')}); regenerate with: npx tsx build/expected-classes.ts`);
    console.log(`${out} is up to date (classes exact, margins within ${MARGIN_TOLERANCE})`);
    return;
  }
  await writeFile(out, formatExpected(fresh));
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
