/**
 * Checks that judge the answer, not just the status, as k6 checks: the rules are in
 * answer-rules.ts (shape [batch, 10], a softmax per row, argmax equal to the expected class).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import type { Expect } from './config.ts';
import type { PredictOutcome } from './outcome.ts';
import { answerChecks, argmax } from './answer-rules.ts';

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
  const passed = check(o, answerChecks(o, expected, mode, batch));
  if (!passed) reportOnce(o, expected);
  return passed;
}
