/**
 * onnxruntime-node engine. Input/output names, types and shapes come from the ONNX model itself.
 * Note: session.run blocks the JS thread it runs on — serve through the worker pool.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import type { Engine, EngineOptions, ModelSignature, TensorMap, TensorSpec } from './engine.ts';
import { fromFloat32, toFloat32, toShape, toTensorDType } from './tensor-dtypes.ts';
import { ONNX_FILE } from '../model/model-dir.ts';

/** `model.onnx` if present, else the only `*.onnx` file in the dir. */
export async function findOnnxFile(modelDir: string): Promise<string> {
  const files = (await readdir(modelDir)).filter((f) => f.endsWith('.onnx'));
  if (files.includes(ONNX_FILE)) return path.join(modelDir, ONNX_FILE);
  if (files.length === 1) return path.join(modelDir, files[0]);
  throw new Error(
    files.length === 0
      ? `no .onnx model in ${modelDir} (engine onnxruntime needs ${ONNX_FILE})`
      : `several .onnx files in ${modelDir} (${files.join(', ')}); name the one to serve ${ONNX_FILE}`,
  );
}

function specs(metadata: readonly ort.InferenceSession.ValueMetadata[], kind: string): TensorSpec[] {
  return metadata.map((m) => {
    if (!m.isTensor) throw new Error(`ONNX ${kind} ${m.name} is not a tensor; only tensor inputs/outputs are supported`);
    return { name: m.name, dtype: toTensorDType(m.type, `ONNX ${kind} ${m.name}`), shape: toShape(m.shape) };
  });
}

export async function loadOnnxruntimeEngine({ modelDir, threads }: EngineOptions): Promise<Engine> {
  const file = await findOnnxFile(modelDir);
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: Math.max(1, threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const signature: ModelSignature = { inputs: specs(session.inputMetadata, 'input'), outputs: specs(session.outputMetadata, 'output') };
  return {
    name: 'onnxruntime',
    signature,
    async predict(inputs: TensorMap): Promise<TensorMap> {
      const feeds: Record<string, ort.Tensor> = {};
      for (const spec of signature.inputs) {
        const t = inputs[spec.name];
        if (!t) throw new Error(`missing input ${spec.name}; the model expects ${signature.inputs.map((s) => s.name).join(', ')}`);
        feeds[spec.name] = new ort.Tensor(spec.dtype, fromFloat32(t.data, spec.dtype), t.shape);
      }
      const results = await session.run(feeds);
      const out: TensorMap = {};
      for (const spec of signature.outputs) {
        const r = results[spec.name];
        out[spec.name] = { data: toFloat32(r.data as ArrayLike<number>), shape: [...r.dims] };
      }
      return out;
    },
    async dispose() {
      await session.release();
    },
  };
}
