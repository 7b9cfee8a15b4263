/** The .ts entries run unbundled too (`k6 run scenarios/x.ts`): k6 resolves our exact .ts imports itself. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startUnderTest } from '../helpers/targets.ts';
import { addressEnv, checkCounts, describeRun, EXIT, QUICK_ENV, runScenario, tsEntry } from './helpers/run-scenario.ts';

const CASES: [string, string, Record<string, string>][] = [
  ['null', 'null-rest', {}],
  ['fastify', 'tfserving-rest', { TARGET: 'fastify' }],
  ['grpc', 'tfserving-grpc', { TARGET: 'grpc' }],
];

describe('unbundled .ts entries', () => {
  for (const [spec, entry, env] of CASES) {
    it(`scenarios/${entry}.ts -> ${spec}`, async () => {
      const target = await startUnderTest(spec);
      try {
        const r = await runScenario(tsEntry(entry), { ...QUICK_ENV, ...addressEnv(target.url), ...env });
        assert.equal(r.code, EXIT.ok, describeRun(r));
        const checks = Object.values(checkCounts(r.summary!));
        assert.ok(checks.length >= 3 && checks.every((c) => c.passes > 0 && c.fails === 0), describeRun(r));
      } finally {
        await target.close();
      }
    });
  }
});
