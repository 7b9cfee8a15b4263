/**
 * Generates the CIFAR-10 CNN artifacts (ONNX + TF.js layers model) into `<base>/1/` from a fixed
 * seed. Same seed => byte-identical files. Script: `npx tsx servers/model/generate.ts [--out dir]
 * [--seed n] [--force]`. The writers (and TF.js) load only when something must be written.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_SEED, MODEL_NAME } from './architecture.ts';
import { ONNX_FILE, TFJS_MODEL_FILE } from './model-dir.ts';

export { modelNameFromDir, resolveModelVersionDir } from './model-dir.ts';

export const DEFAULT_MODEL_BASE_DIR = `models/${MODEL_NAME}`;
export const MODEL_VERSION = '1';

export interface GenerateOptions {
  seed?: number;
  /** Regenerate even when the artifacts exist. */
  force?: boolean;
}

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Returns the version dir (`<base>/1`), generating the artifacts only when missing (or forced). */
export async function ensureModel(baseDir: string = DEFAULT_MODEL_BASE_DIR, options: GenerateOptions = {}): Promise<string> {
  const versionDir = path.resolve(baseDir, MODEL_VERSION);
  const { TFJS_WEIGHTS_FILE } = await import('./tfjs-writer.ts');
  const files = [ONNX_FILE, TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE].map((f) => path.join(versionDir, f));
  const present = await Promise.all(files.map((f) => stat(f).then(() => true, () => false)));
  if (!options.force && present.every(Boolean)) return versionDir;

  const { generateWeights } = await import('./weights.ts');
  const { writeOnnxModel } = await import('./onnx-writer.ts');
  const { writeTfjsModel } = await import('./tfjs-writer.ts');
  const weights = generateWeights(options.seed ?? DEFAULT_MODEL_SEED);
  await mkdir(versionDir, { recursive: true });
  const tfjs = await writeTfjsModel(weights);
  await writeAtomic(files[0], writeOnnxModel(weights));
  await writeAtomic(files[2], tfjs.weights);
  await writeAtomic(files[1], tfjs.modelJson);
  return versionDir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
  });
  const seed = values.seed === undefined ? DEFAULT_MODEL_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const dir = await ensureModel(values.out ?? DEFAULT_MODEL_BASE_DIR, { seed, force: values.force });
  console.log(`model ready in ${dir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
