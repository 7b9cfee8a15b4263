/**
 * Which way each measured quantity gets worse: the one table `servebench compare` and the gate
 * both read. Latency, time, errors, CPU and memory get worse going up; throughput going down.
 */
export const WORSE_WHEN = {
  latency: 'up',
  time: 'up',
  errors: 'up',
  cpu: 'up',
  memory: 'up',
  throughput: 'down',
} as const satisfies Record<string, 'up' | 'down'>;

export type Quantity = keyof typeof WORSE_WHEN;

/** How much worse a ratio new/old is, as a fraction (negative = better), for what it measures. */
export function relativeWorsening(quantity: Quantity, ratio: number): number {
  return WORSE_WHEN[quantity] === 'up' ? ratio - 1 : 1 - ratio;
}
