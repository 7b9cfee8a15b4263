/**
 * What a right answer is, k6-free so the runner's correctness pass (runner/run/verify-answers.ts)
 * judges exactly as the scenarios' checks do: shape [batch, 10], each row a softmax (sums to 1
 * within 1e-3) and argmax equal to the class expected for that image.
 */
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

/** The checks a mode runs, by name: 'shape' judges shape and softmax only (canned answers), 'class' the argmax too. */
export function answerChecks(o: PredictOutcome, expected: number[] | null, mode: 'class' | 'label' | 'shape' | 'status', batch: number): Record<string, () => boolean> {
  const sets: Record<string, () => boolean> = { [CHECK_NAMES.status]: () => o.ok };
  if (mode !== 'status') {
    sets[CHECK_NAMES.shape] = () => shapeOk(o, batch);
    sets[CHECK_NAMES.softmax] = () => softmaxOk(o);
  }
  if (mode === 'class' || mode === 'label') sets[CHECK_NAMES.argmax] = () => classesOk(o, expected);
  return sets;
}
