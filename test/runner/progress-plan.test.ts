/** The runner's progress line from a recorded plan: timed steps by the clock, paper by request count. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { position } from '../../runner/run/progress-plan.ts';

describe('progress plan', () => {
  it('concurrency: warm-up, then each level until its hold ends, then done', () => {
    const plan = PROFILES.concurrency.plan({ ...PROFILES.concurrency.defaults.short, warmupMs: 3000, levels: [1, 4], stepMs: 10_000, graceMs: 2000 });
    assert.deepEqual([0, 2999, 3000, 12_999, 13_000, 24_999, 25_000].map((t) => position(plan, t, 0).step), ['warm-up', 'warm-up', 'vus=1', 'vus=1', 'vus=4', 'vus=4', 'done']);
    assert.equal(position(plan, 5000, 0).remainingS, 20);
    assert.equal(position(plan, 40_000, 0).remainingS, 0);
  });

  it('peak: each rate is shown through its ramp and hold', () => {
    const plan = PROFILES.peak.plan({ ...PROFILES.peak.defaults.short, warmupMs: 0, rates: [10, 20], rampMs: 1000, stepMs: 2000 });
    assert.deepEqual([0, 2999, 3000, 5999, 6000].map((t) => position(plan, t, 0).step), ['rate=10', 'rate=10', 'rate=20', 'rate=20', 'done']);
  });

  it('paper: by requests sent, with the repetition, after the warm-up requests', () => {
    const plan = PROFILES.paper.plan({ ...PROFILES.paper.defaults.short, warmupRequests: 5, paperN: [1, 10], paperRepeats: 2 });
    const at = (requests: number) => position(plan, 10_000, requests).step;
    assert.deepEqual([0, 4, 5, 6, 7, 16, 17, 26, 27].map(at), ['warm-up', 'warm-up', 'n=1 rep 1/2', 'n=1 rep 2/2', 'n=10 rep 1/2', 'n=10 rep 1/2', 'n=10 rep 2/2', 'n=10 rep 2/2', 'done']);
    assert.equal(position(plan, 17_000, 17).remainingS, 10, '17 s for 17 of 27 requests: 10 s left');
    assert.equal(position(plan, 10_000, undefined).remainingS, undefined, 'no count, no estimate');
  });
});
