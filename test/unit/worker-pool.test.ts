import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { createInferencePool, CRASH_WORKER_FOR_TEST, type InferencePool } from '../../servers/engines/worker-pool.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';

const batch = (n: number, start = 0) => ({ images: { data: toFloat32Batch(syntheticImages(n, 7, start).map((i) => i.pixels)), shape: [n, 32, 32, 3] } });

describe('inference worker pool (onnxruntime)', () => {
  let modelDir: string;
  let slow: InferencePool;
  before(async () => {
    modelDir = await ensureModel();
    slow = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 2, delayMs: 400 });
  });
  after(() => slow.dispose());

  it('reads the signature from the model and reports its size', () => {
    assert.equal(slow.size, 2);
    assert.equal(slow.name, 'onnxruntime');
    assert.deepEqual(slow.signature.inputs.map((s) => s.name), ['images']);
    assert.deepEqual(slow.signature.outputs[0].shape, [-1, 10]);
  });

  it('keeps the main event loop running during a slow inference', async () => {
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 1);
    const out = await slow.predict(batch(1));
    done = true;
    assert.equal(out.probabilities.shape[0], 1);
    assert.ok(timerRan, 'a timer ran while the worker was busy');
    assert.ok(turns > 2, `event loop turned ${turns} times during inference`);
  });

  it('runs two concurrent predicts on two workers at once', async () => {
    const a = slow.predict(batch(1, 0));
    const b = slow.predict(batch(1, 1));
    assert.equal(slow.busy, 2, 'both calls dispatched to workers');
    assert.equal(slow.queued, 0);
    const [ra, rb] = await Promise.all([a, b]);
    assert.notDeepEqual(ra.probabilities.data, rb.probabilities.data);
    assert.equal(slow.busy, 0);
  });

  it('queues calls FIFO when all workers are busy, and returns the right answer to each', async () => {
    const pool = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1 });
    try {
      const inputs = [0, 1, 2].map((i) => batch(1, i));
      const order: number[] = [];
      const calls = inputs.map((x, i) => pool.predict(x).then((r) => (order.push(i), r)));
      assert.equal(pool.busy, 1);
      assert.equal(pool.queued, 2);
      const results = await Promise.all(calls);
      assert.deepEqual(order, [0, 1, 2]);
      for (let i = 0; i < 3; i++) assert.deepEqual(results[i], await pool.predict(inputs[i]));
      assert.equal(inputs[0].images.data.length, 3072, 'caller inputs stay usable (copied, not transferred)');
    } finally {
      await pool.dispose();
    }
  });

  it('rejects only the failing call when a worker reports an error', async () => {
    const pool = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1 });
    try {
      const bad = pool.predict({ images: { data: new Float32Array(5), shape: [1, 5] } });
      const good = pool.predict(batch(2));
      await assert.rejects(bad);
      assert.equal((await good).probabilities.shape[0], 2);
      await assert.rejects(pool.predict({ wrong: { data: new Float32Array(1), shape: [1] } }), /missing input images/);
    } finally {
      await pool.dispose();
    }
  });

  it('reports a crashed worker clearly and replaces it', async () => {
    const pool = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1 });
    try {
      (pool as unknown as Record<symbol, (i: number) => void>)[CRASH_WORKER_FOR_TEST](0);
      await assert.rejects(pool.predict(batch(1)), /inference worker #0 crashed .*crash requested by test.*replaced/);
      const again = await pool.predict(batch(1));
      assert.equal(again.probabilities.shape[0], 1);
      assert.equal(pool.size, 1);
    } finally {
      await pool.dispose();
    }
  });

  it('rejects calls after dispose, and fails to start on a bad engine or model', async () => {
    const pool = await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1 });
    await pool.dispose();
    await assert.rejects(pool.predict(batch(1)), /disposed/);
    await assert.rejects(createInferencePool({ engine: 'nope', modelDir, threads: 1, workers: 1 }), /unknown engine "nope"; valid engines: onnxruntime, tfjs-wasm, tfjs-node/);
    await assert.rejects(createInferencePool({ engine: 'tfjs-node', modelDir, threads: 1, workers: 1 }), /@tensorflow\/tfjs-node/);
  });
});
