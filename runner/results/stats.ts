/** Small statistics over measured values, written once for the report, compare and the gate. */

/** The arithmetic mean; NaN for no values (never a made-up 0). */
export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
