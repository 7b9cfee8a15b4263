/**
 * Generates a model's artifacts (ONNX + TF.js layers model; the CIFAR-10 CNN by default) into `<base>/1/` from a fixed
 * seed. Same seed => byte-identical files. Script: `npx tsx servers/model/generate.ts [--model
 * cifar10|payload224] [--out dir] [--seed n] [--force]` (default dir: `models/<model>`). The writers (and TF.js) load only when something must be written.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CIFAR10, MODEL_NAME, type ModelSpec } from './architecture.ts';
import { modelSpecNamed } from './model-specs.ts';
import { ONNX_FILE, TFJS_MODEL_FILE } from './model-dir.ts';

export { modelNameFromDir, resolveModelVersionDir } from './model-dir.ts';

export const DEFAULT_MODEL_BASE_DIR = `models/${MODEL_NAME}`;
export const MODEL_VERSION = '1';

export interface GenerateOptions {
  /** Which model (default: the study's CIFAR-10 CNN); its seed unless `seed` is given. */
  spec?: ModelSpec;
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
  const spec = options.spec ?? CIFAR10;
  const weights = generateWeights(options.seed ?? spec.seed, spec.layers, spec.inputShape);
  await mkdir(versionDir, { recursive: true });
  const tfjs = await writeTfjsModel(weights, spec);
  await writeAtomic(files[0], writeOnnxModel(weights, spec));
  await writeAtomic(files[2], tfjs.weights);
  await writeAtomic(files[1], tfjs.modelJson);
  return versionDir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { model: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
  });
  const spec = modelSpecNamed(values.model ?? MODEL_NAME);
  const seed = values.seed === undefined ? spec.seed : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const dir = await ensureModel(values.out ?? `models/${spec.name}`, { spec, seed, force: values.force });
  console.log(`model ready in ${dir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
