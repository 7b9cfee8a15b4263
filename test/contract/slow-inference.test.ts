/**
 * Inference runs in worker threads: while one request's inference is slow (an injected
 * 600 ms per inference), the same server still answers other connections. Proven by order,
 * not by timing: the status calls made after the slow predict started finish before it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';

for (const spec of ['embedded', 'express', 'fastify']) {
  test(`${spec}: a slow inference does not stall other connections`, async (t) => {
    const target: TargetUnderTest = await startUnderTest(spec, { delayMs: 600, workers: 1 });
    t.after(() => target.close());
    const events: string[] = [];
    const body = JSON.stringify({ instances: testImages(1).map(nestedImage) });
    const slow = fetch(`${target.url}/v1/models/cifar10:predict`, { method: 'POST', body }).then(async (r) => {
      assert.equal(r.status, 200);
      await r.text();
      events.push('predict');
    });
    await new Promise((r) => setTimeout(r, 50)); // let the predict reach its worker
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${target.url}/v1/models/cifar10`);
      assert.equal(r.status, 200);
      await r.text();
      events.push(`status${i}`);
    }
    await slow;
    assert.deepEqual(events, ['status0', 'status1', 'status2', 'status3', 'status4', 'predict']);
  });
}
