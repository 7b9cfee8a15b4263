import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import type { Engine, TensorMap } from '../../servers/engines/engine.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';

const N = 32;
const input: TensorMap = { images: { data: toFloat32Batch(syntheticImages(N).map((i) => i.pixels)), shape: [N, 32, 32, 3] } };

describe('engines agree on the generated model', () => {
  let ort: Engine;
  let wasm: Engine;
  let a: Float32Array;
  let b: Float32Array;
  before(async () => {
    const modelDir = await ensureModel();
    [ort, wasm] = await Promise.all([loadEngine('onnxruntime', { modelDir, threads: 1 }), loadEngine('tfjs-wasm', { modelDir, threads: 1 })]);
    const [ra, rb] = await Promise.all([ort.predict(input), wasm.predict(input)]);
    assert.deepEqual(ra.probabilities.shape, [N, 10]);
    assert.deepEqual(rb.probabilities.shape, [N, 10]);
    a = ra.probabilities.data;
    b = rb.probabilities.data;
  });
  after(async () => {
    await ort?.dispose();
    await wasm?.dispose();
  });

  it('reads the same signature from ONNX and TF.js artifacts', () => {
    const expected = {
      inputs: [{ name: 'images', dtype: 'float32', shape: [-1, 32, 32, 3] }],
      outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }],
    };
    assert.deepEqual(ort.signature, expected);
    assert.deepEqual(wasm.signature, expected);
    assert.equal(ort.name, 'onnxruntime');
    assert.equal(wasm.name, 'tfjs-wasm');
  });

  it('onnxruntime and tfjs-wasm softmax outputs differ by < 1e-4', () => {
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    assert.ok(max < 1e-4, `max |diff| ${max}`);
  });

  it('gives probabilities that sum to 1 and spread over several classes', () => {
    const classes = new Set<number>();
    for (let n = 0; n < N; n++) {
      const row = a.subarray(n * 10, n * 10 + 10);
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
      classes.add(row.indexOf(Math.max(...row)));
    }
    assert.ok(classes.size >= 4, `argmax classes: ${[...classes].join(',')}`);
  });
});
