/**
 * Writes the architecture as a TF.js layers model (model.json + group1-shard1of1.bin), built as a
 * tf.sequential on the cpu backend with the same weights the ONNX writer uses. Every layer is named
 * explicitly so repeated builds in one process give identical files.
 */
import * as tf from '@tensorflow/tfjs';
import { CIFAR10, INPUT_NAME, type LayerDef, type ModelSpec } from './architecture.ts';
import type { LayerWeights } from './weights.ts';

export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface TfjsArtifacts {
  modelJson: string;
  weights: Uint8Array;
}

function toTfLayer(layer: LayerDef): tf.layers.Layer {
  switch (layer.kind) {
    case 'rescale':
      return tf.layers.rescaling({ scale: layer.scale, offset: 0, name: layer.name });
    case 'conv':
      return tf.layers.conv2d({ filters: layer.filters, kernelSize: layer.kernel, padding: 'same', activation: layer.activation, name: layer.name, kernelInitializer: 'zeros' });
    case 'dropout':
      return tf.layers.dropout({ rate: layer.rate, name: layer.name });
    case 'maxpool':
      return tf.layers.maxPooling2d({ poolSize: layer.pool, strides: layer.pool, name: layer.name });
    case 'flatten':
      return tf.layers.flatten({ name: layer.name });
    case 'dense':
      return tf.layers.dense({ units: layer.units, activation: layer.activation, name: layer.name, kernelInitializer: 'zeros' });
  }
}

async function ensureCpuBackend(): Promise<void> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
}

export async function writeTfjsModel(weights: LayerWeights[], spec: ModelSpec = CIFAR10): Promise<TfjsArtifacts> {
  await ensureCpuBackend();
  const model = tf.sequential({
    name: spec.name,
    layers: [tf.layers.inputLayer({ inputShape: [...spec.inputShape], name: INPUT_NAME }), ...spec.layers.map(toTfLayer)],
  });
  const tensors = weights.flatMap((w) => [tf.tensor(w.kernel, w.kernelShape), tf.tensor1d(w.bias)]);
  model.setWeights(tensors);
  tf.dispose(tensors);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  if (!saved?.weightData || !saved.weightSpecs) throw new Error('TF.js save produced no weights');
  const weightData = Array.isArray(saved.weightData) ? saved.weightData : [saved.weightData];
  const bytes = new Uint8Array(weightData.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of weightData) {
    bytes.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  const modelJson = JSON.stringify(
    {
      format: saved.format ?? 'layers-model',
      generatedBy: saved.generatedBy,
      convertedBy: null,
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: saved.weightSpecs }],
    },
    null,
    2,
  );
  return { modelJson: modelJson + '\n', weights: bytes };
}
