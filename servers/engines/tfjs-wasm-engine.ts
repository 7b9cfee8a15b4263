/** @tensorflow/tfjs on the wasm backend: pure npm, portable. Loads a layers or graph model.json from disk. */
import path from 'node:path';
import type { Engine, EngineOptions } from './engine.ts';
import { fileIOHandler, isGraphModelJson } from './tfjs-fs-io.ts';
import { tfjsEngine } from './tfjs-model.ts';
import { TFJS_MODEL_FILE } from '../model/model-dir.ts';

let backendReady: Promise<typeof import('@tensorflow/tfjs')> | undefined;

/** Initialises the wasm backend once per thread; `threads` applies to the first call only. */
function initWasm(threads: number): Promise<typeof import('@tensorflow/tfjs')> {
  backendReady ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (typeof wasm.setThreadsCount === 'function') wasm.setThreadsCount(Math.max(1, threads));
    if (!(await tf.setBackend('wasm'))) throw new Error('TF.js wasm backend failed to initialise');
    await tf.ready();
    return tf;
  })();
  return backendReady;
}

export async function loadTfjsWasmEngine({ modelDir, threads }: EngineOptions): Promise<Engine> {
  const tf = await initWasm(threads);
  const file = path.join(modelDir, TFJS_MODEL_FILE);
  const handler = fileIOHandler(file);
  const model = (await isGraphModelJson(file).catch((err: unknown) => {
    throw new Error(`engine tfjs-wasm needs ${file}: ${err instanceof Error ? err.message : err}`);
  }))
    ? await tf.loadGraphModel(handler)
    : await tf.loadLayersModel(handler);
  return tfjsEngine('tfjs-wasm', tf, model);
}
