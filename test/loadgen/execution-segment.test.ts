/** Execution segments: parsing, validation, k6 striping and scaling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Fraction,
  SegmentError,
  SegmentedExecution,
  parseExecutionSegment,
  parseExecutionSegmentSequence,
  parseSegmentValue,
  stripeSequence,
} from '../../loadgen/segments/execution-segment.ts';

const THIRDS = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => SegmentedExecution.parse(s, '0,1/3,2/3,1'));

test('values parse exactly as fractions, decimals and percentages', () => {
  assert.equal(parseSegmentValue('1/3').toString(), '1/3');
  assert.equal(parseSegmentValue('2/6').toString(), '1/3');
  assert.equal(parseSegmentValue('0.5').toString(), '1/2');
  assert.equal(parseSegmentValue('.25').toString(), '1/4');
  assert.equal(parseSegmentValue('50%').toString(), '1/2');
  assert.equal(parseSegmentValue('33.3%').toString(), '333/1000');
  assert.equal(parseSegmentValue('0').toString(), '0');
  assert.equal(parseSegmentValue('1').toString(), '1');
  assert.equal(Fraction.fromNumber(0.1).cmp(new Fraction(1n, 10n)), 1, 'the double 0.1 is slightly above 1/10');
});

test('segments: from:to, and x alone means 0:x', () => {
  const s = parseExecutionSegment('0.2:2/3');
  assert.equal(`${s.from}:${s.to}`, '1/5:2/3');
  const t = parseExecutionSegment('25%');
  assert.equal(`${t.from}:${t.to}`, '0:1/4');
});

test('bad segments are rejected naming the value', () => {
  assert.throws(() => parseExecutionSegment('abc'), (e: unknown) => e instanceof SegmentError && /"abc"/.test(e.message));
  assert.throws(() => parseExecutionSegment('1/2:1/3'), /start 1\/2 must be less than end 1\/3/);
  assert.throws(() => parseExecutionSegment('1/2:1/2'), /less than/);
  assert.throws(() => parseExecutionSegment('0:3/2'), /"3\/2" is greater than 1/);
  assert.throws(() => parseExecutionSegment('-1/2:1'), /"-1\/2"/);
  assert.throws(() => parseExecutionSegment('1/0'), /zero denominator/);
  assert.throws(() => parseExecutionSegment('0:1:2'), /from:to/);
  assert.throws(() => parseExecutionSegment(''), SegmentError);
});

test('bad sequences are rejected', () => {
  assert.throws(() => parseExecutionSegmentSequence('0,1/2,1/3,1'), /strictly increasing, but 1\/2 is followed by 1\/3/);
  assert.throws(() => parseExecutionSegmentSequence('1/4,1/2,1'), /must start at 0, not 1\/4/);
  assert.throws(() => parseExecutionSegmentSequence('0,1/2'), /must end at 1, not 1\/2/);
  assert.throws(() => parseExecutionSegmentSequence('0'), /at least two/);
  assert.throws(() => parseExecutionSegmentSequence('0,x,1'), /"x"/);
  assert.throws(() => SegmentedExecution.parse('0:1/2', '0,1/3,2/3,1'), /0:1\/2 is not one of the intervals/);
});

test('striping of shares 1/2, 1/4, 1/4 gives {0,2,4…}, {1,5,9…}, {3,7,11…}', () => {
  const { stripeLength, offsets } = stripeSequence(parseExecutionSegmentSequence('0,1/2,3/4,1'));
  assert.equal(stripeLength, 4);
  assert.deepEqual(offsets, [[0, 2], [1], [3]]);
  const segs = ['0:1/2', '1/2:3/4', '3/4:1'].map((s) => SegmentedExecution.parse(s, '0,1/2,3/4,1'));
  assert.deepEqual([...segs[0].ownedIndices(12)], [0, 2, 4, 6, 8, 10]);
  assert.deepEqual([...segs[1].ownedIndices(12)], [1, 5, 9]);
  assert.deepEqual([...segs[2].ownedIndices(12)], [3, 7, 11]);
});

test('sequence 0,1/3,2/3,1 scales 50 → 17/17/16, 1 → 1/0/0, 2 → 1/1/0', () => {
  assert.deepEqual(THIRDS.map((s) => s.scale(50)), [17, 17, 16]);
  assert.deepEqual(THIRDS.map((s) => s.scale(1)), [1, 0, 0]);
  assert.deepEqual(THIRDS.map((s) => s.scale(2)), [1, 1, 0]);
  assert.deepEqual(THIRDS.map((s) => s.scale(0)), [0, 0, 0]);
});

test('largest share is served first: a 1/4 segment without sequence does not own index 0', () => {
  const quarter = SegmentedExecution.parse('25%');
  assert.equal(quarter.sequence.join(','), '0,1/4,1');
  assert.deepEqual(quarter.offsets, [1]);
  assert.equal(quarter.scale(1), 0);
  assert.equal(quarter.scale(2), 1);
});

test('scales of all segments of a sequence sum to v, and indices partition 0…v−1', () => {
  for (const seqText of ['0,1/3,2/3,1', '0,1/2,3/4,1', '0,0.1,0.35,1/2,0.9,1', '0,1/7,3/5,1']) {
    const seq = parseExecutionSegmentSequence(seqText);
    const segs = seq.slice(1).map((to, i) => SegmentedExecution.of({ from: seq[i], to }, seq));
    for (const v of [0, 1, 2, 3, 7, 50, 99, 1000, 1234]) {
      assert.equal(segs.reduce((n, s) => n + s.scale(v), 0), v, `${seqText} scale ${v}`);
      const all = segs.flatMap((s) => [...s.ownedIndices(v)]).sort((a, b) => a - b);
      assert.deepEqual(all, Array.from({ length: v }, (_, i) => i), `${seqText} partition of ${v}`);
    }
  }
});

test('globalIndex, localIndex, ownsIndex and nextOwnedIndex agree', () => {
  const seg = SegmentedExecution.parse('1/2:3/4', '0,1/2,3/4,1');
  for (let local = 0; local < 20; local++) {
    const g = seg.globalIndex(local);
    assert.equal(seg.localIndex(g), local);
    assert.ok(seg.ownsIndex(g));
  }
  assert.equal(seg.localIndex(0), -1);
  assert.equal(seg.ownsIndex(2), false);
  assert.equal(seg.nextOwnedIndex(2), 5);
  assert.equal(seg.nextOwnedIndex(5), 5);
  assert.equal(seg.localCount(10), 3);
});

test('the full segment owns everything; no segment means the full one', () => {
  const full = SegmentedExecution.parse();
  assert.ok(full.isFull);
  assert.equal(full.scale(37), 37);
  assert.equal(full.globalIndex(5), 5);
  assert.ok(SegmentedExecution.parse('0:1').isFull);
  assert.equal(THIRDS[0].isFull, false);
  assert.throws(() => full.scale(-1), /non-negative integer/);
  assert.throws(() => full.scale(1.5), SegmentError);
});

test('huge stripe lengths are refused instead of computed', () => {
  assert.throws(() => SegmentedExecution.parse('0:0.12345678901'), /stripe of/);
});
