/** Engine registry: one table from engine name to loader. */
import { ENGINE_NAMES, isEngineName, type Engine, type EngineName, type EngineOptions } from './engine.ts';
import { resolveModelVersionDir } from '../model/model-dir.ts';

const LOADERS: Record<EngineName, (options: EngineOptions) => Promise<Engine>> = {
  onnxruntime: async (o) => (await import('./onnxruntime-engine.ts')).loadOnnxruntimeEngine(o),
  'tfjs-wasm': async (o) => (await import('./tfjs-wasm-engine.ts')).loadTfjsWasmEngine(o),
  'tfjs-node': async (o) => (await import('./tfjs-node-engine.ts')).loadTfjsNodeEngine(o),
};

export function assertEngineName(name: string): EngineName {
  if (!isEngineName(name)) throw new Error(`unknown engine "${name}"; valid engines: ${ENGINE_NAMES.join(', ')}`);
  return name;
}

/** Loads `name` on the model in `modelDir` (a version dir, or a base dir with numeric versions). */
export async function loadEngine(name: EngineName | string, options: EngineOptions): Promise<Engine> {
  const engine = assertEngineName(name);
  const modelDir = await resolveModelVersionDir(options.modelDir);
  return LOADERS[engine]({ ...options, modelDir });
}
