import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { loadEngine } from '../../servers/engines/engine-registry.ts';
import type { Engine, TensorMap } from '../../servers/engines/engine.ts';
import { createInferencePool } from '../../servers/engines/worker-pool.ts';
import { batchableSignature, canJoin, joinInputs, splitOutputs } from '../../servers/engines/request-batching.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';

const images = (n: number, start: number): TensorMap => ({
  images: { data: toFloat32Batch(syntheticImages(n, 11, start).map((i) => i.pixels)), shape: [n, 32, 32, 3] },
});

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('request batching: join and split', () => {
  it('joins along the batch dimension and splits each request its own rows back', () => {
    const a = { x: { data: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] } };
    const b = { x: { data: Float32Array.from([5, 6]), shape: [1, 2] } };
    const joined = joinInputs([a, b]);
    assert.deepEqual(joined.x.shape, [3, 2]);
    assert.deepEqual([...joined.x.data], [1, 2, 3, 4, 5, 6]);
    const outputs = { y: { data: Float32Array.from([10, 20, 30]), shape: [3, 1] } };
    const [ya, yb] = splitOutputs(outputs, [2, 1]);
    assert.deepEqual({ shape: ya.y.shape, data: [...ya.y.data] }, { shape: [2, 1], data: [10, 20] });
    assert.deepEqual({ shape: yb.y.shape, data: [...yb.y.data] }, { shape: [1, 1], data: [30] });
    assert.notEqual(ya.y.data.buffer, outputs.y.data.buffer, 'each answer owns its buffer');
  });

  it('joins only requests with the same inputs and row shape, and refuses outputs it cannot split', () => {
    const base = { x: { data: new Float32Array(4), shape: [1, 4] } };
    assert.equal(canJoin(base, { x: { data: new Float32Array(8), shape: [2, 4] } }), true);
    assert.equal(canJoin(base, { x: { data: new Float32Array(3), shape: [1, 3] } }), false);
    assert.equal(canJoin(base, { z: { data: new Float32Array(4), shape: [1, 4] } }), false);
    assert.throws(() => splitOutputs({ y: { data: new Float32Array(2), shape: [2] } }, [2, 1]), /2 rows for 3 joined input rows/);
  });

  it('knows which signatures can be batched', () => {
    assert.equal(batchableSignature({ inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 4] }], outputs: [{ name: 'y', dtype: 'float32', shape: [-1, 2] }] }), true);
    assert.equal(batchableSignature({ inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }], outputs: [{ name: 'y', dtype: 'float32', shape: [-1, 2] }] }), false);
  });
});

describe('request batching in the worker pool (onnxruntime)', () => {
  let modelDir: string;
  let engine: Engine;
  before(async () => {
    modelDir = await ensureModel();
    engine = await loadEngine('onnxruntime', { modelDir, threads: 1 });
  });
  after(() => engine.dispose());

  it('joins calls queued behind a busy worker into one inference, each getting the engine answer for its own images', async () => {
    // One worker, slowed down, so calls 2..8 queue while call 1 runs, then leave together.
    const pool = await createInferencePool({
      engine: 'onnxruntime', modelDir, threads: 1, workers: 1, delayMs: 150, batching: { maxBatchSize: 32, timeoutMicros: 0 },
    });
    try {
      const requests = Array.from({ length: 8 }, (_, i) => images(1 + (i % 3), i * 3));
      const answers = await Promise.all(requests.map((r) => pool.predict(r)));
      assert.deepEqual(pool.stats, { inferences: 2, requests: 8 }, 'the first call alone, the 7 queued ones joined');
      for (const [i, request] of requests.entries()) {
        const expected = await engine.predict(request);
        assert.deepEqual(answers[i].probabilities.shape, expected.probabilities.shape);
        assert.ok(maxDiff(answers[i].probabilities.data, expected.probabilities.data) < 1e-5, `request ${i} got its own answer`);
      }
    } finally {
      await pool.dispose();
    }
  });

  it('never joins beyond the maximum batch size, and with a timeout holds an idle worker for more calls', async () => {
    const capped = await createInferencePool({
      engine: 'onnxruntime', modelDir, threads: 1, workers: 1, delayMs: 100, batching: { maxBatchSize: 3, timeoutMicros: 0 },
    });
    try {
      await Promise.all(Array.from({ length: 7 }, (_, i) => capped.predict(images(1, i))));
      assert.deepEqual(capped.stats, { inferences: 3, requests: 7 }, '1 alone, then 3 + 3');
    } finally {
      await capped.dispose();
    }
    const held = await createInferencePool({
      engine: 'onnxruntime', modelDir, threads: 1, workers: 1, batching: { maxBatchSize: 32, timeoutMicros: 200_000 },
    });
    try {
      const first = held.predict(images(1, 0));
      await new Promise((r) => setTimeout(r, 20));
      await Promise.all([first, held.predict(images(2, 1))]);
      assert.deepEqual(held.stats, { inferences: 1, requests: 2 }, 'the idle worker waited and ran both together');
    } finally {
      await held.dispose();
    }
  });

  it('without batching runs every call on its own', async () => {
    const pool = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1, delayMs: 50 });
    try {
      await Promise.all(Array.from({ length: 4 }, (_, i) => pool.predict(images(1, i))));
      assert.deepEqual(pool.stats, { inferences: 4, requests: 4 });
    } finally {
      await pool.dispose();
    }
  });
});
