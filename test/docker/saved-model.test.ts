/**
 * docker/export_saved_model.py writes a SavedModel (what TF Serving loads) from the TF.js
 * artifacts; its answers must equal the onnxruntime engine's on the same images. Needs Python
 * with TensorFlow (skipped, with the reason, only when TensorFlow cannot be imported).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../../servers/targets/target.ts';
import { findTensorflowPython, runPython } from '../helpers/tensorflow-python.ts';
import { maxAbsDiff } from '../helpers/images.ts';

const EXPORT_SCRIPT = fileURLToPath(new URL('../../docker/export_saved_model.py', import.meta.url));
const PREDICT_SCRIPT = fileURLToPath(new URL('./saved_model_predict.py', import.meta.url));
const COUNT = 32;

interface PredictOutput {
  signature: { inputs: Record<string, { dtype: string; shape: (number | null)[] }>; outputs: Record<string, { dtype: string; shape: (number | null)[] }> };
  outputs: Record<string, number[][]>;
}

const found = await findTensorflowPython();
const skip = 'reason' in found ? found.reason : false;
let outDir = '';
let versionDir = '';

before(async () => {
  versionDir = await ensureModel(DEFAULT_MODEL_DIR);
  outDir = await mkdtemp(path.join(tmpdir(), 'servebench-saved-model-'));
});
after(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

test('the SavedModel answers like the onnxruntime engine (32 synthetic images, max |diff| < 1e-4)', { skip }, async () => {
  const python = (found as { python: string }).python;
  const savedModel = path.join(outDir, 'cifar10', '1');
  await runPython(python, [EXPORT_SCRIPT, '--model-dir', versionDir, '--out', savedModel]);

  const images = syntheticImages(COUNT).map((img) => Array.from(img.pixels));
  const result = JSON.parse(await runPython(python, [PREDICT_SCRIPT, savedModel], JSON.stringify({ images }))) as PredictOutput;
  assert.deepEqual(result.signature.inputs, { images: { dtype: 'float32', shape: [null, 32, 32, 3] } });
  assert.deepEqual(Object.keys(result.signature.outputs), ['probabilities']);
  const fromTf = result.outputs.probabilities.flat();
  assert.equal(fromTf.length, COUNT * 10);

  const engine = await loadEngine('onnxruntime', { modelDir: DEFAULT_MODEL_DIR, threads: 1 });
  try {
    const data = new Float32Array(images.flat());
    const out = await engine.predict({ images: { data, shape: [COUNT, 32, 32, 3] } });
    const fromOnnx = out.probabilities.data;
    const diff = maxAbsDiff(fromTf, fromOnnx);
    assert.ok(diff < 1e-4, `max |diff| between SavedModel and onnxruntime is ${diff}`);
    // The outputs are real probabilities and not all the same class.
    const argmax = new Set(result.outputs.probabilities.map((row) => row.indexOf(Math.max(...row))));
    assert.ok(argmax.size > 1, 'every image got the same class');
  } finally {
    await engine.dispose();
  }
});
