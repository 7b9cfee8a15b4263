/**
 * The scenarios must be able to fail: wrong answers fail the checks (k6 exits 99), an
 * unreachable target stops the run in setup with a clear message (108), bad config stops it
 * before any load (107).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkCounts, describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, runScenario } from './helpers/run-scenario.ts';
import { startShuffledProbabilitiesFake } from './helpers/shuffled-probabilities-fake.ts';

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('k6 scenarios fail when they should', () => {
  let fake: Awaited<ReturnType<typeof startShuffledProbabilitiesFake>>;
  before(async () => {
    await ensureBundle();
    fake = await startShuffledProbabilitiesFake();
  });
  after(() => fake.close());

  it('a server answering shuffled probabilities fails the argmax check and the run', async () => {
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, BASE_URL: fake.url });
    assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
    assert.ok(r.summary, 'summary written even when thresholds fail');
    const checks = checkCounts(r.summary);
    assert.equal(checks['status ok'].fails, 0);
    assert.equal(checks['probabilities sum to 1'].fails, 0);
    assert.ok(checks['argmax = expected class'].fails > 0, describeRun(r));
    assert.equal(r.summary.metrics['checks{phase:measure}'].thresholds?.['rate>=0.999'].ok, false);
    assert.match(r.stderr, /first wrong answer/);
  });

  it('the same fake passes when only the shape is judged (EXPECT=shape, as for the null target)', async () => {
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, BASE_URL: fake.url, EXPECT: 'shape' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    assert.equal(checkCounts(r.summary!)['argmax = expected class'], undefined);
  });

  it('an unreachable REST address aborts in setup with a clear message', async () => {
    const r = await runScenario(distEntry('embedded'), { ...QUICK_ENV, BASE_URL: `http://127.0.0.1:${await closedPort()}` });
    assert.equal(r.code, EXIT.scriptAborted, describeRun(r));
    assert.match(r.stderr, /cannot reach embedded at http:\/\/127\.0\.0\.1:\d+.*Set BASE_URL/);
    assert.equal(r.summary?.metrics['checks{phase:measure}']?.values.passes ?? 0, 0);
  });

  it('an unreachable gRPC address aborts in setup with a clear message', async () => {
    const r = await runScenario(distEntry('grpc'), { ...QUICK_ENV, GRPC_ADDR: `127.0.0.1:${await closedPort()}` });
    assert.equal(r.code, EXIT.scriptAborted, describeRun(r));
    assert.match(r.stderr, /cannot reach grpc at 127\.0\.0\.1:\d+.*Set GRPC_ADDR/);
  });

  for (const [name, value, pattern] of [
    ['PROFILE', 'bogus', /PROFILE=bogus is not one of smoke, paper/],
    ['BASE_URL', 'localhost:8080', /BASE_URL=localhost:8080 is not an http\(s\) URL/],
    ['PAPER_N', '1,x', /PAPER_N=1,x is not a comma-separated list/],
    ['DURATION', '3 parsecs', /DURATION=3 parsecs is not a duration/],
    ['MIN_CHECK_RATE', '2', /MIN_CHECK_RATE=2 is not a number in \[0, 1\]/],
  ] as const) {
    it(`rejects ${name}=${value} before any load`, async () => {
      const r = await runScenario(distEntry('null-rest'), { ...QUICK_ENV, [name]: value });
      assert.equal(r.code, EXIT.scriptException, describeRun(r));
      assert.match(r.stderr, pattern);
      assert.equal(r.summary, null);
    });
  }
});
