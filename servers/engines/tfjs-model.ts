/**
 * Engine over a loaded TF.js model (layers or graph), shared by tfjs-wasm and tfjs-node.
 * The signature is read from the model: layers models name tensors by their input/output layers,
 * graph models by their TensorInfo names.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Engine, EngineName, ModelSignature, TensorMap, TensorSpec } from './engine.ts';
import { toShape, toTensorDType } from './tensor-dtypes.ts';

type Tfjs = Pick<typeof tf, 'tensor' | 'dispose'>;
type LoadedModel = tf.LayersModel | tf.GraphModel;

function isLayersModel(model: LoadedModel): model is tf.LayersModel {
  return Array.isArray((model as tf.LayersModel).layers);
}

export function tfjsSignature(model: LoadedModel): ModelSignature {
  if (isLayersModel(model)) {
    // Tensors are named by the layer that produces them (a Sequential fills inputNames only once built).
    const spec = (tensors: tf.SymbolicTensor[], kind: string): TensorSpec[] =>
      tensors.map((t) => {
        const name = t.sourceLayer?.name ?? t.name;
        return { name, dtype: toTensorDType(t.dtype, `TF.js ${kind} ${name}`), shape: toShape(t.shape) };
      });
    return { inputs: spec(model.inputs, 'input'), outputs: spec(model.outputs, 'output') };
  }
  const spec = (infos: Array<{ name: string; shape?: number[]; dtype: string }>, kind: string): TensorSpec[] =>
    infos.map((t) => ({ name: t.name, dtype: toTensorDType(t.dtype, `TF.js ${kind} ${t.name}`), shape: toShape(t.shape) }));
  return { inputs: spec(model.inputs, 'input'), outputs: spec(model.outputs, 'output') };
}

export function tfjsEngine(name: EngineName, tfjs: Tfjs, model: LoadedModel, onDispose?: () => void): Engine {
  const signature = tfjsSignature(model);
  return {
    name,
    signature,
    async predict(inputs: TensorMap): Promise<TensorMap> {
      const feeds = signature.inputs.map((spec) => {
        const t = inputs[spec.name];
        if (!t) throw new Error(`missing input ${spec.name}; the model expects ${signature.inputs.map((s) => s.name).join(', ')}`);
        return tfjs.tensor(t.data, t.shape, spec.dtype === 'float32' ? 'float32' : 'int32');
      });
      let outputs: tf.Tensor[];
      try {
        const result = isLayersModel(model)
          ? model.predict(feeds.length === 1 ? feeds[0] : feeds)
          : model.execute(Object.fromEntries(signature.inputs.map((s, i) => [s.name, feeds[i]])), signature.outputs.map((s) => s.name));
        outputs = Array.isArray(result) ? result : [result];
      } finally {
        tfjs.dispose(feeds);
      }
      try {
        const out: TensorMap = {};
        for (let i = 0; i < signature.outputs.length; i++) {
          const data = await outputs[i].data();
          out[signature.outputs[i].name] = { data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>), shape: [...outputs[i].shape] };
        }
        return out;
      } finally {
        tfjs.dispose(outputs);
      }
    },
    async dispose() {
      model.dispose();
      onDispose?.();
    },
  };
}
