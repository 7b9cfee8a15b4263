/**
 * Bounded admission on every target: with one slow worker (100 ms per inference) and room for 4
 * waiting calls, a flood of 20 concurrent predicts gets 503 + Retry-After + {"error"} (REST) or
 * UNAVAILABLE + retry pushback (gRPC) for what does not fit, 200 / OK with the right answer for
 * what was admitted, a `queue` part in Server-Timing apart from `infer`, refusals counted on
 * /monitoring/prometheus/metrics — and the server keeps serving afterwards.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { nestedPart, parseServerTiming } from '../../servers/core/server-timing.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { createServingClients, unaryCall } from '../../servers/grpc/serving-clients.ts';
import { MONITORING_PATH, parseMetrics } from '../../servers/rest/monitoring.ts';
import { Client } from 'undici';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startTarget, startUnderTest } from '../helpers/targets.ts';

const FLOOD = 20;
const MAX_QUEUE = 4;
const SLOW = { workers: 1, delayMs: 100, limits: { maxQueue: MAX_QUEUE } };
const body = JSON.stringify({ instances: [nestedImage(testImages(1)[0])] });

async function flood(url: string) {
  const answers = await Promise.all(
    Array.from({ length: FLOOD }, () =>
      fetch(`${url}/v1/models/cifar10:predict`, { method: 'POST', body }).then(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        timing: parseServerTiming(r.headers.get('server-timing')),
        body: await r.json(),
      })),
    ),
  );
  return { ok: answers.filter((a) => a.status === 200), refused: answers.filter((a) => a.status !== 200) };
}

describe('overload: REST', () => {
  for (const spec of ['embedded', 'express', 'fastify', 'gateway:fastify', 'gateway:grpc']) {
    test(`${spec}: a flood past --max-queue gets 503 + Retry-After while admitted calls succeed`, async (t) => {
      const target = await startUnderTest(spec, SLOW);
      t.after(() => target.close());
      const { ok, refused } = await flood(target.url);
      assert.ok(refused.length > 0, 'some calls were refused');
      assert.ok(ok.length >= MAX_QUEUE + 1, `${ok.length} admitted: the running call and a full queue at least`);
      for (const r of refused) {
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.match(r.body.error, /inference queue is full .*retry later/);
        assert.equal(r.retryAfter, '1');
      }
      for (const r of ok) assert.equal(r.body.predictions[0].length, 10);
      // A gateway reports its model server's parts nested in its upstream span (upstream.queue, upstream.infer).
      const part = (r: (typeof ok)[number], name: 'queue' | 'infer') => r.timing[spec.startsWith('gateway') ? nestedPart(name) : name];
      assert.ok(ok.every((r) => part(r, 'queue') !== undefined && part(r, 'infer')! >= 100), `Server-Timing: queue apart from infer ${JSON.stringify(ok[0]?.timing)}`);
      assert.ok(ok.some((r) => part(r, 'queue')! >= 100), 'a queued call waited at least one inference');
      const again = await fetch(`${target.url}/v1/models/cifar10:predict`, { method: 'POST', body });
      assert.equal(again.status, 200, 'still serving after the flood');
      await again.text();
      if (spec.startsWith('gateway')) return;
      const metrics = parseMetrics(await (await fetch(target.url + MONITORING_PATH)).text());
      assert.equal(metrics.servebench_predict_rejected_total, refused.length);
      assert.equal(metrics.servebench_predict_admitted_total, ok.length + 1);
      assert.equal(metrics.servebench_queue_limit, MAX_QUEUE);
      assert.equal(metrics.servebench_queue_depth, 0);
      assert.equal(metrics.servebench_predict_in_flight, 0);
    });
  }
});

describe('overload: gRPC', () => {
  test('grpc: a flood past --max-queue gets UNAVAILABLE with retry pushback while admitted calls succeed', async (t) => {
    const target = await startTarget('grpc', SLOW);
    const clients = createServingClients(target.url, 32 << 20);
    t.after(async () => {
      clients.close();
      await target.close();
    });
    const pixels = toFloat32Batch(testImages(1));
    const request = {
      model_spec: { name: 'cifar10' },
      inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [1, 32, 32, 3].map((size) => ({ size })) }, tensor_content: Buffer.from(pixels.buffer) } },
    };
    const results = await Promise.allSettled(Array.from({ length: FLOOD }, () => unaryCall<any>(clients.prediction, 'Predict', request)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as grpc.ServiceError);
    assert.ok(refused.length > 0, 'some calls were refused');
    assert.ok(ok.length >= MAX_QUEUE + 1, `${ok.length} admitted`);
    for (const err of refused) {
      assert.equal(err.code, grpc.status.UNAVAILABLE, err.details);
      assert.match(err.details, /inference queue is full .*retry later/);
      assert.deepEqual(err.metadata.get('grpc-retry-pushback-ms'), ['1000']);
    }
    for (const r of ok) {
      const { response, trailers } = (r as PromiseFulfilledResult<any>).value;
      assert.deepEqual(response.outputs.probabilities.tensor_shape.dim.map((d: { size: string }) => d.size), ['1', '10']);
      assert.ok(parseServerTiming(String(trailers.get('server-timing')[0])).queue !== undefined, 'server-timing trailer has queue');
    }
    await unaryCall(clients.prediction, 'Predict', request); // still serving
  });
});

describe('overload: refusing cheaply', () => {
  for (const spec of ['embedded', 'fastify']) {
    test(`${spec}: --max-queue 0 admits a call an idle worker takes, refuses the next at once, and holds that connection for Retry-After`, async (t) => {
      const target = await startUnderTest(spec, { workers: 1, delayMs: 1500, limits: { maxQueue: 0 } });
      t.after(() => target.close());
      const admitted = fetch(`${target.url}/v1/models/cifar10:predict`, { method: 'POST', body }).then((r) => r.status);
      await new Promise((r) => setTimeout(r, 200));
      const client = new Client(target.url, { pipelining: 1 });
      t.after(() => client.close());
      const post = async (text: string) => {
        const res = await client.request({ path: '/v1/models/cifar10:predict', method: 'POST', body: text });
        return { status: res.statusCode, body: (await res.body.json()) as { error: string }, at: performance.now() };
      };
      const t0 = performance.now();
      const refused = await post('{"instances": [not even JSON');
      assert.equal(refused.status, 503, 'refused before the body is decoded');
      assert.match(refused.body.error, /queue is full/);
      const again = await post(body);
      assert.equal(again.status, 503);
      assert.ok(again.at - refused.at >= 900, `the same connection's next request was read ${(again.at - refused.at).toFixed(0)} ms later`);
      assert.ok(refused.at - t0 < 900, 'the refusal itself was immediate');
      assert.equal(await admitted, 200);
    });
  }
});
