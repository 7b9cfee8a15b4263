import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { importTfjsNode } from '../../servers/engines/tfjs-node-engine.ts';

describe('engine loading', () => {
  it('serves a user model dir with another name and file name, signature read from the model', async () => {
    const modelDir = await ensureModel();
    const userDir = path.join(await mkdtemp(path.join(tmpdir(), 'servebench-user-')), 'my-classifier');
    await mkdir(path.join(userDir, '3'), { recursive: true });
    await copyFile(path.join(modelDir, 'model.onnx'), path.join(userDir, '3', 'classifier.onnx'));
    const engine = await loadEngine('onnxruntime', { modelDir: userDir, threads: 1 });
    try {
      assert.equal(engine.signature.inputs[0].name, 'images');
      const out = await engine.predict({ images: { data: new Float32Array(2 * 3072).fill(128), shape: [2, 32, 32, 3] } });
      assert.deepEqual(out.probabilities.shape, [2, 10]);
      const direct = await loadEngine('onnxruntime', { modelDir: path.join(userDir, '3'), threads: 1 });
      assert.deepEqual(direct.signature, engine.signature);
      await direct.dispose();
      await assert.rejects(engine.predict({ pixels: { data: new Float32Array(3072), shape: [1, 32, 32, 3] } }), /missing input images; the model expects images/);
    } finally {
      await engine.dispose();
    }
  });

  it('rejects an unknown engine name, listing the valid ones', async () => {
    await assert.rejects(loadEngine('tensorrt', { modelDir: 'models/cifar10', threads: 1 }), /unknown engine "tensorrt"; valid engines: onnxruntime, tfjs-wasm, tfjs-node/);
  });

  it('explains how to install @tensorflow/tfjs-node when it is missing', async () => {
    await assert.rejects(importTfjsNode(['@tensorflow/not-a-real-package-servebench']), /needs the optional package @tensorflow\/not-a-real-package-servebench, which is not installed.*npm install/);
    let installed = true;
    await importTfjsNode().catch(() => (installed = false));
    if (!installed) {
      const modelDir = await ensureModel();
      await assert.rejects(loadEngine('tfjs-node', { modelDir, threads: 1 }), /@tensorflow\/tfjs-node.*npm install @tensorflow\/tfjs-node/);
    }
  });

  it('says which file is missing for an engine', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'servebench-empty-'));
    await mkdir(path.join(root, '1'));
    await assert.rejects(loadEngine('onnxruntime', { modelDir: path.join(root, '1'), threads: 1 }), /holds neither model files/);
    await copyFile(path.join(await ensureModel(), 'model.json'), path.join(root, '1', 'model.json'));
    await assert.rejects(loadEngine('onnxruntime', { modelDir: root, threads: 1 }), /no \.onnx model in .*model\.onnx/);
  });
});
