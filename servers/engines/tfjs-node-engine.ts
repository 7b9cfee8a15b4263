/**
 * @tensorflow/tfjs-node (or -gpu) engine: optional, imported only when chosen. Loads a SavedModel
 * (the one TF Serving uses) when the dir holds saved_model.pb, else model.json.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Engine, EngineOptions } from './engine.ts';
import { tfjsEngine } from './tfjs-model.ts';
import { SAVED_MODEL_FILE, TFJS_MODEL_FILE } from '../model/model-dir.ts';
import { fileIOHandler, isGraphModelJson } from './tfjs-fs-io.ts';

export const TFJS_NODE_PACKAGES = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

type TfjsNode = typeof tf & { node: { loadSavedModel(dir: string): Promise<tf.GraphModel> } };

export async function importTfjsNode(packages: string[] = TFJS_NODE_PACKAGES): Promise<TfjsNode> {
  for (const pkg of packages) {
    try {
      return (await import(pkg)) as TfjsNode;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  throw new Error(
    `engine tfjs-node needs the optional package ${packages[0]}, which is not installed. ` +
      `Install it with \`npm install ${packages[0]}\` (or ${packages[1] ?? packages[0]} for CUDA), ` +
      `or choose engine onnxruntime or tfjs-wasm.`,
  );
}

export async function loadTfjsNodeEngine({ modelDir }: EngineOptions): Promise<Engine> {
  const tfn = await importTfjsNode();
  const savedModel = await stat(path.join(modelDir, SAVED_MODEL_FILE)).then(() => true, () => false);
  if (savedModel) return tfjsEngine('tfjs-node', tfn, await tfn.node.loadSavedModel(modelDir));
  const file = path.join(modelDir, TFJS_MODEL_FILE);
  const handler = fileIOHandler(file);
  const model = (await isGraphModelJson(file)) ? await tfn.loadGraphModel(handler) : await tfn.loadLayersModel(handler);
  return tfjsEngine('tfjs-node', tfn, model);
}
