/**
 * The Open Inference Protocol scenarios end to end: scenarios/oip-rest.ts and oip-grpc.ts, as they
 * are (no bundle), on the built-in engine against real targets, in every encoding (REST JSON and
 * binary extension; gRPC typed contents and raw contents) — every answer judged right (status,
 * shape, softmax, argmax = onnxruntime's class), server timing recorded, the encoding in the summary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startUnderTest } from '../helpers/targets.ts';
import { addressEnv, checkCounts, describeRun, EXIT, QUICK_ENV, runScenario, tsEntry } from './helpers/run-scenario.ts';

/** [target spec, entry, ENCODING, extra env]. */
const CASES: [string, string, string, Record<string, string>][] = [
  ['embedded', 'oip-rest', 'json', {}],
  ['fastify', 'oip-rest', 'binary', { BATCH: '2', MODEL_VERSION: '1' }],
  ['gateway:grpc', 'oip-rest', 'binary', {}],
  ['grpc', 'oip-grpc', 'contents', {}],
  ['grpc', 'oip-grpc', 'raw', { BATCH: '3', MODEL_VERSION: '1' }],
];

describe('OIP scenarios on the built-in engine against real targets', () => {
  for (const [spec, entry, encoding, env] of CASES) {
    it(`scenarios/${entry}.ts ENCODING=${encoding} -> ${spec}${Object.keys(env).length ? ` ${JSON.stringify(env)}` : ''}`, async () => {
      const target = await startUnderTest(spec);
      let r;
      try {
        r = await runScenario(tsEntry(entry), { ...QUICK_ENV, ...addressEnv(target.url), ENCODING: encoding, ...env });
      } finally {
        await target.close();
      }
      assert.equal(r.code, EXIT.ok, describeRun(r));
      const s = r.summary;
      assert.ok(s, 'summary written to SUMMARY_PATH');
      const checks = checkCounts(s);
      for (const name of ['status ok', 'shape [batch,10]', 'probabilities sum to 1', 'argmax = expected class']) {
        assert.ok(checks[name]?.passes > 0, `${name} ran\n${describeRun(r)}`);
        assert.equal(checks[name].fails, 0, `${name} never failed\n${describeRun(r)}`);
      }
      const latency = entry === 'oip-grpc' ? 'grpc_req_duration' : 'http_req_duration';
      assert.ok(s.metrics[`${latency}{phase:measure}`].values.count > 0);
      assert.ok(s.metrics['server_decode{phase:measure}']?.values.count > 0, 'server timing recorded');
      assert.equal(s.servebench.config.api, 'oip');
      assert.equal(s.servebench.config.encoding, encoding);
    });
  }

  it('an ENCODING the protocol has not is refused before any load', async () => {
    const r = await runScenario(tsEntry('oip-grpc'), { ...QUICK_ENV, GRPC_ADDR: '127.0.0.1:1', ENCODING: 'binary' });
    assert.notEqual(r.code, EXIT.ok);
    assert.match(r.stdout + r.stderr, /ENCODING=binary is not one of contents, raw/);
  });
});
