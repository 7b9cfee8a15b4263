/**
 * The day k6 is present (K6_BIN points at a k6 the user installed): the same scenario against
 * the same target on both engines gives the same metric names, check names, check results and
 * summary keys. servebench never installs k6, so without K6_BIN this is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userK6 } from '../../runner/load/load-engine.ts';
import { startUnderTest } from '../helpers/targets.ts';
import { addressEnv, checkCounts, describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, runScenario } from './helpers/run-scenario.ts';

const SKIP = process.env.K6_BIN ? false : 'K6_BIN is not set: no k6 on this machine to compare with (servebench never installs k6; point K6_BIN at yours to run this)';

/** Metric keys without the ones that exist only because of timing (e.g. a sub-metric with no samples). */
const metricNames = (m: Record<string, unknown>) => Object.keys(m).sort();

describe('built-in engine vs k6, same scenario, same target', () => {
  for (const [spec, bundle] of [
    ['fastify', 'fastify-rest'],
    ['grpc', 'grpc-grpc'],
  ] as const) {
    it(`dist/${bundle}.js -> ${spec}`, { skip: SKIP }, async () => {
      await ensureBundle();
      const k6 = userK6();
      const target = await startUnderTest(spec);
      try {
        const env = { ...QUICK_ENV, ...addressEnv(target.url) };
        const ours = await runScenario(distEntry(bundle), env);
        const theirs = await runScenario(distEntry(bundle), env, k6);
        assert.equal(ours.code, EXIT.ok, describeRun(ours));
        assert.equal(theirs.code, EXIT.ok, describeRun(theirs));
        const [a, b] = [ours.summary, theirs.summary];
        assert.ok(a && b, 'both wrote a summary');
        assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), 'summary keys');
        assert.deepEqual(metricNames(a.metrics), metricNames(b.metrics), 'metric names');
        for (const name of Object.keys(a.metrics)) {
          assert.equal(a.metrics[name].type, b.metrics[name].type, `${name} type`);
          assert.deepEqual(Object.keys(a.metrics[name].values).sort(), Object.keys(b.metrics[name].values).sort(), `${name} value keys`);
        }
        const [ca, cb] = [checkCounts(a), checkCounts(b)];
        assert.deepEqual(Object.keys(ca).sort(), Object.keys(cb).sort(), 'check names');
        for (const name of Object.keys(ca)) {
          assert.equal(ca[name].fails, 0, `${name} never failed on the built-in engine`);
          assert.equal(cb[name].fails, 0, `${name} never failed on k6`);
        }
      } finally {
        await target.close();
      }
    });
  }
});
