/**
 * What a prediction costs on the serving side: CPU-seconds and GB-seconds of the target's
 * processes per 1,000 predictions in one measured window (from the runner's resource samples),
 * and dollars per million predictions at a price table. A prediction is one image classified
 * (a request of batch B is B predictions). These are the resources the target *used* while
 * loaded, not what a provisioned machine would bill while idle.
 */
import type { PriceTable } from './price-table.ts';

export interface ResourcePoint {
  /** Epoch ms at the end of the sampled interval. */
  t: number;
  /** Mean CPU over the interval, % of one core. */
  cpuPercent: number;
  rssBytes: number;
}

export interface WindowCost {
  predictions: number;
  cpuSeconds: number;
  gbSeconds: number;
  cpuSecondsPer1k: number;
  gbSecondsPer1k: number;
  /** Share of the window the samples covered (1 = all of it). */
  coverage: number;
}

const GB = 2 ** 30;
/** Below this share of the window covered by samples, no figure is given. */
export const MIN_COVERAGE = 0.8;

/**
 * Integrates the samples over [fromMs, toMs]: each sample stands for the interval since the one
 * before it (the first for as long as the second's interval). Undefined when the samples cover
 * less than MIN_COVERAGE of the window or nothing was predicted.
 */
export function windowCost(points: readonly ResourcePoint[], fromMs: number, toMs: number, predictions: number): WindowCost | undefined {
  if (!(toMs > fromMs) || !(predictions > 0) || points.length < 2) return undefined;
  let cpuSeconds = 0;
  let gbSeconds = 0;
  let coveredMs = 0;
  for (let i = 0; i < points.length; i++) {
    const end = points[i].t;
    const start = i > 0 ? points[i - 1].t : end - (points[1].t - points[0].t);
    const overlapMs = Math.min(end, toMs) - Math.max(start, fromMs);
    if (overlapMs <= 0) continue;
    coveredMs += overlapMs;
    cpuSeconds += (points[i].cpuPercent / 100) * (overlapMs / 1000);
    gbSeconds += (points[i].rssBytes / GB) * (overlapMs / 1000);
  }
  const coverage = coveredMs / (toMs - fromMs);
  if (coverage < MIN_COVERAGE) return undefined;
  return { predictions, cpuSeconds, gbSeconds, cpuSecondsPer1k: (cpuSeconds / predictions) * 1000, gbSecondsPer1k: (gbSeconds / predictions) * 1000, coverage };
}

/** Dollars per million predictions: CPU-hours and GB-hours per million at the table's prices. */
export function dollarsPerMillion(c: Pick<WindowCost, 'cpuSecondsPer1k' | 'gbSecondsPer1k'>, prices: PriceTable): number {
  return ((c.cpuSecondsPer1k * 1000) / 3600) * prices.vcpuHour + ((c.gbSecondsPer1k * 1000) / 3600) * prices.gbHour;
}
