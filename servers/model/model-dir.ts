/**
 * Model directory conventions (TF Serving style): a base dir `models/<name>/` holding numeric
 * version dirs, each with the artifacts (`model.onnx`, `model.json`, or a SavedModel).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const ONNX_FILE = 'model.onnx';
export const TFJS_MODEL_FILE = 'model.json';
export const SAVED_MODEL_FILE = 'saved_model.pb';
const MODEL_FILES = [ONNX_FILE, TFJS_MODEL_FILE, SAVED_MODEL_FILE];

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** True when `dir` directly holds a model artifact (model.json, saved_model.pb or any *.onnx). */
export async function holdsModel(dir: string): Promise<boolean> {
  for (const f of MODEL_FILES) if (await exists(path.join(dir, f))) return true;
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.some((e) => e.endsWith('.onnx'));
}

/**
 * A dir that directly holds model files -> itself; a base dir with numeric version subdirs ->
 * the requested version, or the highest one.
 */
export async function resolveModelVersionDir(baseOrVersionDir: string, version?: string | number): Promise<string> {
  const dir = path.resolve(baseOrVersionDir);
  if (version === undefined && (await holdsModel(dir))) return dir;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new Error(`model directory ${dir} does not exist (run \`npx tsx servers/model/generate.ts\` to create models/cifar10/1)`);
  }
  const versions = entries.filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b);
  if (version !== undefined) {
    if (!versions.includes(Number(version))) {
      throw new Error(`model version ${version} not found in ${dir} (versions: ${versions.join(', ') || 'none'})`);
    }
    return path.join(dir, String(Number(version)));
  }
  if (versions.length === 0) {
    throw new Error(`${dir} holds neither model files (${MODEL_FILES.join(', ')}) (or *.onnx) nor numeric version directories`);
  }
  return path.join(dir, String(versions[versions.length - 1]));
}

/** `models/cifar10/1` -> `cifar10`; `models/cifar10` -> `cifar10`; `/x/my-model` -> `my-model`. */
export function modelNameFromDir(dir: string): string {
  const resolved = path.resolve(dir);
  const base = path.basename(resolved);
  return /^\d+$/.test(base) ? path.basename(path.dirname(resolved)) : base;
}

/**
 * The one model-name rule, for `serve`, `run`, every runtime and every target: the name given
 * (`--model-name`), else the model dir's name (`--model /x/my-model` serves `my-model`).
 */
export function servedModelName(o: { modelDir: string; modelName?: string }): string {
  return o.modelName ?? modelNameFromDir(o.modelDir);
}
