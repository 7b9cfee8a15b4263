/** The worker pool's bounded, cancellable queue, and how long each call waited and ran. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { createInferencePool } from '../../servers/engines/worker-pool.ts';
import { CancelledError, QueueFullError } from '../../servers/engines/pool-queue.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';

const batch = (i: number) => ({ images: { data: toFloat32Batch(syntheticImages(1, 7, i).map((x) => x.pixels)), shape: [1, 32, 32, 3] } });

test('past maxQueue a call is refused at once; admitted calls are answered; a cancelled call leaves the queue', async (t) => {
  const pool = await createInferencePool({ engine: 'onnxruntime', modelDir: await ensureModel(), threads: 1, workers: 1, delayMs: 200, maxQueue: 2 });
  t.after(() => pool.dispose());
  const running = pool.run(batch(0));
  const waiting = [pool.run(batch(1)), pool.run(batch(2))];
  assert.equal(pool.queued, 2);
  await assert.rejects(pool.run(batch(3)), (err: Error) => err instanceof QueueFullError && /queue is full \(2 calls already waiting/.test(err.message));
  assert.equal(pool.queued, 2, 'the refused call took no place in the queue');
  const [first, ...rest] = await Promise.all([running, ...waiting]);
  assert.ok(first.inferMs >= 200 && first.queueMs < 50, `first: queue ${first.queueMs} ms, infer ${first.inferMs} ms`);
  assert.ok(rest[1].queueMs >= 350, `third waited for two inferences: ${rest[1].queueMs} ms`);
  assert.deepEqual(pool.admission, { admitted: 3, rejected: 1, cancelled: 0 });

  const controller = new AbortController();
  const blocker = pool.run(batch(5));
  const abandoned = pool.run(batch(6), { signal: controller.signal });
  assert.equal(pool.queued, 1);
  controller.abort();
  await assert.rejects(abandoned, CancelledError);
  assert.equal(pool.queued, 0, 'the cancelled call left the queue before any worker took it');
  await blocker;
  assert.equal(pool.admission.cancelled, 1);
  assert.equal(pool.stats.requests, 4, 'the cancelled call never reached a worker');
});
