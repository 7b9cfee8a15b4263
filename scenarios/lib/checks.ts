/**
 * Checks that judge the answer, not just the status: shape [batch, 10], each row a softmax
 * (sums to 1 within 1e-3) and argmax equal to the class expected for that image.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import type { Expect } from './config.ts';
import type { PredictOutcome } from './outcome.ts';

export const NUM_CLASSES = 10;
export const SUM_TOLERANCE = 1e-3;

export const CHECK_NAMES = {
  status: 'status ok',
  shape: 'shape [batch,10]',
  softmax: 'probabilities sum to 1',
  argmax: 'argmax = expected class',
} as const;

export function argmax(row: number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

export const shapeOk = (o: PredictOutcome, batch: number): boolean =>
  o.rows !== null && o.rows.length === batch && o.rows.every((r) => r.length === NUM_CLASSES);

export const softmaxOk = (o: PredictOutcome): boolean =>
  o.rows !== null && o.rows.length > 0 && o.rows.every((r) => Math.abs(r.reduce((a, b) => a + b, 0) - 1) <= SUM_TOLERANCE);

export const classesOk = (o: PredictOutcome, expected: number[] | null): boolean =>
  o.rows !== null && expected !== null && o.rows.length === expected.length && o.rows.every((r, i) => argmax(r) === expected[i]);

let reported = false;

/** Explains the first failed request of this VU once (never more: no logging in the load loop). */
function reportOnce(o: PredictOutcome, expected: number[] | null): void {
  if (reported) return;
  reported = true;
  const got = o.rows ? o.rows.map(argmax) : null;
  console.warn(
    `VU ${exec.vu.idInTest}: first wrong answer: ok=${o.ok} ${o.detail} rows=${o.rows ? o.rows.length : 'none'} ` +
      `argmax=${JSON.stringify(got)} expected=${JSON.stringify(expected)}`,
  );
}

/** Runs the checks the mode asks for; returns whether all passed. */
export function judge(o: PredictOutcome, expected: number[] | null, mode: Expect, batch: number): boolean {
  const sets: Record<string, () => boolean> = { [CHECK_NAMES.status]: () => o.ok };
  if (mode !== 'status') {
    sets[CHECK_NAMES.shape] = () => shapeOk(o, batch);
    sets[CHECK_NAMES.softmax] = () => softmaxOk(o);
  }
  if (mode === 'class' || mode === 'label') sets[CHECK_NAMES.argmax] = () => classesOk(o, expected);
  const passed = check(o, sets);
  if (!passed) reportOnce(o, expected);
  return passed;
}
