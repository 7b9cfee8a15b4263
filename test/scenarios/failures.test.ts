/**
 * The scenarios must be able to fail: each kind of wrong answer (HTTP 500, a wrong shape, rows
 * that do not sum to 1, wrong classes) fails its check and the run (k6 exits 99), an
 * unreachable target stops the run in setup with a clear message (108), bad config stops it
 * before any load (107).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort as closedPort } from '../../runner/runtimes/free-port.ts';
import { checkCounts, describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, runScenario } from './helpers/run-scenario.ts';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';
import { startWrongAnswerFake, WRONG_ANSWERS, type WrongAnswer } from './helpers/wrong-answer-fake.ts';

/** The scenarios' check names (scenarios/lib/checks.ts, which imports k6 and so cannot load here). */
const CHECK_NAMES = { status: 'status ok', shape: 'shape [batch,10]', softmax: 'probabilities sum to 1', argmax: 'argmax = expected class' };

/** Which checks each wrong answer must fail (the others must all pass). */
const FAILS: Record<WrongAnswer, string[]> = {
  'http-500': [CHECK_NAMES.status, CHECK_NAMES.shape, CHECK_NAMES.softmax, CHECK_NAMES.argmax],
  'extra-class': [CHECK_NAMES.shape],
  doubled: [CHECK_NAMES.softmax],
  rotated: [CHECK_NAMES.argmax],
};

describe('k6 scenarios fail when they should', () => {
  let target: TargetUnderTest;
  const fakes = new Map<WrongAnswer, Awaited<ReturnType<typeof startWrongAnswerFake>>>();
  before(async () => {
    await ensureBundle();
    target = await startUnderTest('fastify');
    for (const wrong of WRONG_ANSWERS) fakes.set(wrong, await startWrongAnswerFake(target.url, wrong));
  });
  after(async () => {
    for (const fake of fakes.values()) await fake.close();
    await target?.close();
  });

  for (const wrong of WRONG_ANSWERS) {
    it(`a fake answering ${wrong} fails ${FAILS[wrong].map((c) => `'${c}'`).join(', ')} and the run (exit 99)`, async () => {
      const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, BASE_URL: fakes.get(wrong)!.url });
      assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
      assert.ok(r.summary, 'summary written even when thresholds fail');
      const checks = checkCounts(r.summary);
      for (const name of Object.values(CHECK_NAMES)) {
        const failing = FAILS[wrong].includes(name);
        assert.ok(checks[name], `check '${name}' ran`);
        if (failing) assert.ok(checks[name].fails > 0 && checks[name].passes === 0, `'${name}' fails: ${JSON.stringify(checks[name])}`);
        else assert.ok(checks[name].fails === 0 && checks[name].passes > 0, `'${name}' passes: ${JSON.stringify(checks[name])}`);
      }
      assert.equal(r.summary.metrics['checks{phase:measure}'].thresholds?.['rate>=0.999'].ok, false);
      assert.match(r.stderr, /first wrong answer/);
    });
  }

  it('the rotated fake passes when only the shape is judged (EXPECT=shape, as for the null target)', async () => {
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, BASE_URL: fakes.get('rotated')!.url, EXPECT: 'shape' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    assert.equal(checkCounts(r.summary!)[CHECK_NAMES.argmax], undefined);
  });

  it('an unreachable REST address aborts in setup with a clear message', async () => {
    const r = await runScenario(distEntry('embedded-rest'), { ...QUICK_ENV, BASE_URL: `http://127.0.0.1:${await closedPort()}` });
    assert.equal(r.code, EXIT.scriptAborted, describeRun(r));
    assert.match(r.stderr, /cannot reach embedded at http:\/\/127\.0\.0\.1:\d+.*Set BASE_URL/);
    assert.equal(r.summary?.metrics['checks{phase:measure}']?.values.passes ?? 0, 0);
  });

  it('an unreachable gRPC address aborts in setup with a clear message', async () => {
    const r = await runScenario(distEntry('grpc-grpc'), { ...QUICK_ENV, GRPC_ADDR: `127.0.0.1:${await closedPort()}` });
    assert.equal(r.code, EXIT.scriptAborted, describeRun(r));
    assert.match(r.stderr, /cannot reach grpc at 127\.0\.0\.1:\d+.*Set GRPC_ADDR/);
  });

  for (const [name, value, pattern] of [
    ['PROFILE', 'bogus', /PROFILE=bogus is not one of smoke, paper/],
    ['BASE_URL', 'localhost:8080', /BASE_URL=localhost:8080 is not an http\(s\) URL/],
    ['PAPER_N', '1,x', /PAPER_N=1,x is not a comma-separated list/],
    ['DURATION', '3 parsecs', /DURATION=3 parsecs is not a duration/],
    ['MIN_CHECK_RATE', '2', /MIN_CHECK_RATE=2 is not a number in \[0, 1\]/],
    ['ARRIVALS', 'gaussian', /ARRIVALS=gaussian is not one of constant, poisson, bursty/],
  ] as const) {
    it(`rejects ${name}=${value} before any load`, async () => {
      const r = await runScenario(distEntry('null-rest'), { ...QUICK_ENV, [name]: value });
      assert.equal(r.code, EXIT.scriptException, describeRun(r));
      assert.match(r.stderr, pattern);
      assert.equal(r.summary, null);
    });
  }
});
