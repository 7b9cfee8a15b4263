import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parameterCount } from '../../servers/model/architecture.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { LARGE_INPUT_MODEL } from '../../servers/model/large-input-model.ts';
import { modelSpecNamed } from '../../servers/model/model-specs.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import { mulberry32 } from '../../servers/data/prng.ts';

const [H, W, C] = LARGE_INPUT_MODEL.inputShape;

/** Float pixels in [0, 255) with fractional parts, from a seed. */
function floatBatch(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n * H * W * C }, () => random() * 255);
}

describe('the large-input model (payload224)', () => {
  it('is small in parameters and generated deterministically from its seed', async () => {
    assert.equal(modelSpecNamed('payload224'), LARGE_INPUT_MODEL);
    assert.throws(() => modelSpecNamed('nope'), /known: cifar10, payload224/);
    const params = parameterCount(LARGE_INPUT_MODEL.layers, LARGE_INPUT_MODEL.inputShape);
    assert.equal(params, 9_242);
    const root = await mkdtemp(path.join(tmpdir(), 'servebench-large-'));
    const [a, b] = await Promise.all(['a', 'b'].map((d) => ensureModel(path.join(root, d), { spec: LARGE_INPUT_MODEL })));
    for (const f of ['model.onnx', 'model.json', 'group1-shard1of1.bin']) {
      const [x, y] = await Promise.all([readFile(path.join(a, f)), readFile(path.join(b, f))]);
      assert.ok(x.equals(y), `${f} differs between two runs with the same seed`);
    }
    assert.equal((await readFile(path.join(a, 'group1-shard1of1.bin'))).length, 4 * params);
  });

  it('reads as [-1, 224, 224, 3] -> [-1, 10] on both engines, which agree on float pixels', async () => {
    const modelDir = await ensureModel(path.join(await mkdtemp(path.join(tmpdir(), 'servebench-large-'))), { spec: LARGE_INPUT_MODEL });
    const [ort, wasm] = await Promise.all([loadEngine('onnxruntime', { modelDir, threads: 1 }), loadEngine('tfjs-wasm', { modelDir, threads: 1 })]);
    try {
      const expected = { inputs: [{ name: 'images', dtype: 'float32', shape: [-1, H, W, C] }], outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }] };
      assert.deepEqual(ort.signature, expected);
      assert.deepEqual(wasm.signature, expected);
      const n = 4;
      const input = { images: { data: floatBatch(n, 5), shape: [n, H, W, C] } };
      const [ra, rb] = await Promise.all([ort.predict(input), wasm.predict(input)]);
      assert.deepEqual(ra.probabilities.shape, [n, 10]);
      const a = ra.probabilities.data;
      const b = rb.probabilities.data;
      let max = 0;
      for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
      assert.ok(max < 1e-4, `max |diff| ${max}`);
      for (let k = 0; k < n; k++) assert.ok(Math.abs(a.subarray(k * 10, k * 10 + 10).reduce((s, v) => s + v, 0) - 1) < 1e-5);
    } finally {
      await ort.dispose();
      await wasm.dispose();
    }
  });
});
