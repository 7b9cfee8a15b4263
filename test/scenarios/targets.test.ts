/**
 * Each bundle runs a few seconds against its real target (REST and gRPC, on 127.0.0.1 port 0)
 * and exits 0: every answer judged right (status, shape, softmax, argmax = onnxruntime's class),
 * server timing recorded, the summary written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startUnderTest } from '../helpers/targets.ts';
import { addressEnv, checkCounts, describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, runScenario, type ScenarioResult } from './helpers/run-scenario.ts';

/** [target spec for startUnderTest, bundle name, extra env]. */
const CASES: [string, string, Record<string, string>][] = [
  ['embedded', 'embedded-rest', {}],
  ['express', 'express-rest', {}],
  ['fastify', 'fastify-rest', { BATCH: '3' }],
  ['gateway:fastify', 'gateway-rest', {}],
  ['null', 'null-rest', {}],
  ['grpc', 'grpc-grpc', {}],
  ['grpc', 'tfserving-grpc', { TARGET: 'grpc', BATCH: '2', MODEL_VERSION: '1' }],
  ['fastify', 'tfserving-rest', { TARGET: 'fastify', MODEL_VERSION: '1' }],
];

async function runAgainst(spec: string, bundle: string, env: Record<string, string>): Promise<ScenarioResult> {
  await ensureBundle();
  const target = await startUnderTest(spec);
  try {
    return await runScenario(distEntry(bundle), { ...QUICK_ENV, ...addressEnv(target.url), ...env });
  } finally {
    await target.close();
  }
}

describe('k6 bundles against real targets', () => {
  for (const [spec, bundle, env] of CASES) {
    it(`dist/${bundle}.js -> ${spec}${Object.keys(env).length ? ` ${JSON.stringify(env)}` : ''}`, async () => {
      const r = await runAgainst(spec, bundle, env);
      assert.equal(r.code, EXIT.ok, describeRun(r));
      const s = r.summary;
      assert.ok(s, 'summary written to SUMMARY_PATH');
      const checks = checkCounts(s);
      const judged = spec === 'null' ? ['status ok', 'shape [batch,10]', 'probabilities sum to 1'] : [...Object.keys(checks)];
      if (spec !== 'null') assert.ok('argmax = expected class' in checks, 'model targets are judged on the class');
      for (const name of judged) {
        assert.ok(checks[name].passes > 0, `${name} ran`);
        assert.equal(checks[name].fails, 0, `${name} never failed\n${describeRun(r)}`);
      }
      const latency = spec.startsWith('grpc') ? 'grpc_req_duration' : 'http_req_duration';
      assert.ok(s.metrics[`${latency}{phase:measure}`].values.count > 0);
      // A gateway's model-server inference is nested in its upstream span.
      const infer = spec.startsWith('gateway:') ? 'server_upstream_infer' : 'server_infer';
      assert.ok(s.metrics[`${infer}{phase:measure}`]?.values.count > 0, `server timing recorded (${infer})`);
      assert.equal(s.servebench.config.target, env.TARGET ?? spec.split(':')[0]);
    });
  }
});
