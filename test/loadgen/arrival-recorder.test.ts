/** The engine's record of achieved iteration starts: exact gaps while they fit, a bounded uniform sample after. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArrivalRecorder } from '../../loadgen/run/arrival-recorder.ts';

describe('ArrivalRecorder', () => {
  it('keeps every start time and gap from the test\'s zero while they fit', () => {
    const rec = new ArrivalRecorder(10);
    rec.startAt(1000);
    for (const t of [1000, 1004.5, 1010, 1010.25]) rec.started('a', t);
    rec.started('b', 1500);
    const { scenarios, capacity } = rec.stats();
    assert.equal(capacity, 10);
    assert.deepEqual(scenarios.a, { starts: 4, gaps: 3, atMs: [4.5, 10, 10.25], gapMs: [4.5, 5.5, 0.25] });
    assert.deepEqual(scenarios.b, { starts: 1, gaps: 0, atMs: [], gapMs: [] }, 'a first start has no gap');
  });

  it('past its capacity it holds a uniform sample of (time, gap) pairs, never more', () => {
    const capacity = 500;
    const rec = new ArrivalRecorder(capacity);
    rec.startAt(0);
    // 20,000 starts: gaps of 0.5 ms up to t = 5 s, then 1.5 ms, so each kept pair's gap tells its time.
    let t = 0;
    for (let i = 0; i < 20_000; i++) {
      rec.started('s', t);
      t += i < 10_000 ? 0.5 : 1.5;
    }
    const s = rec.stats().scenarios.s;
    assert.equal(s.starts, 20_000);
    assert.equal(s.gaps, 19_999);
    assert.equal(s.atMs.length, capacity);
    assert.equal(s.gapMs.length, capacity);
    s.atMs.forEach((at, i) => assert.equal(s.gapMs[i], at <= 5000 ? 0.5 : 1.5, `pair ${i} (${at}, ${s.gapMs[i]}) is a real pair`));
    const early = s.atMs.filter((at) => at <= 5000).length;
    assert.ok(early > 0.4 * capacity && early < 0.6 * capacity, `${early} of ${capacity} from the first half`);
  });
});
