/** The phase of resource samples: warm-up until the live count shows it over, never measured early; a time fallback without a count. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPhaseClock } from '../../runner/run/resource-phase.ts';

test('warm-up until warmupMs after the first request seen, at the poll that shows it; samples before that stay warm-up', () => {
  const clock = createPhaseClock({ warmupMs: 2000, warmupRequests: 0 }, 0);
  clock.observe(undefined, 500); // the engine's API not up yet
  clock.observe(0, 1000);
  clock.observe(12, 2000); // first requests seen
  clock.observe(90, 3000);
  assert.equal(clock.phaseAt(3500), 'warmup');
  clock.observe(170, 4000); // 2 s after the first requests were seen
  assert.deepEqual([clock.phaseAt(3999), clock.phaseAt(4000), clock.phaseAt(9000)], ['warmup', 'measure', 'measure']);
  clock.observe(0, 10_000); // later polls change nothing
  assert.equal(clock.phaseAt(9000), 'measure');
});

test('request-counted warm-up (paper): measured once more than warmupRequests requests were seen', () => {
  const clock = createPhaseClock({ warmupMs: 0, warmupRequests: 10 }, 0);
  clock.observe(4, 1000);
  assert.equal(clock.phaseAt(1000), 'warmup');
  clock.observe(10, 2000);
  assert.equal(clock.phaseAt(2000), 'warmup');
  clock.observe(11, 3000);
  assert.equal(clock.phaseAt(3000), 'measure');
});

test('no live count at all: the time since the load started, with a grace for its start-up', () => {
  const clock = createPhaseClock({ warmupMs: 1000, warmupRequests: 0 }, 100_000, 5000);
  for (let t = 100_000; t < 110_000; t += 1000) clock.observe(undefined, t);
  assert.deepEqual([clock.phaseAt(105_999), clock.phaseAt(106_000)], ['warmup', 'measure']);
});
