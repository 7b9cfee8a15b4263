/** Builds small report.json objects (the runner's schema) with chosen per-repetition values. */
import type { RunReport, TargetResult, WindowResult } from '../../runner/results/report-schema.ts';

export interface RepetitionValues {
  p50: number[];
  p99?: number[];
  throughputRps?: number[];
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function windowOf(window: string, v: RepetitionValues): WindowResult {
  const p99 = v.p99 ?? v.p50.map((x) => x * 3);
  const rps = v.throughputRps ?? v.p50.map((x) => 1000 / x);
  return {
    window,
    requests: 1000,
    throughputRps: med(rps),
    latency: { mean: med(v.p50), p50: med(v.p50), p90: med(p99), p95: med(p99), p99: med(p99), max: Math.max(...p99) },
    errorRate: 0,
    checkRate: 1,
    repetitions: v.p50.map((p50, i) => ({ p50, p99: p99[i], throughputRps: rps[i] })),
  };
}

export function targetOf(target: string, windows: WindowResult[], extra: Partial<TargetResult> = {}): TargetResult {
  return {
    target,
    paperRole: 'c',
    protocol: 'rest',
    profile: 'concurrency',
    status: 'ok',
    validity: ['valid'],
    windows,
    resources: { cpuPercentMean: 150, cpuPercentMax: 190, rssMbMean: 200, rssMbMax: 210, samples: 20 },
    ...extra,
  };
}

export function reportOf(runId: string, results: TargetResult[]): RunReport {
  return { runId, createdAt: '2025-01-01T00:00:00.000Z', settings: {}, environment: { cpus: 2, node: process.version }, results };
}

/** `n` values around `center` with relative spread `spread` (deterministic, symmetric). */
export function around(center: number, spread: number, n = 5): number[] {
  return Array.from({ length: n }, (_, i) => center * (1 + spread * (n === 1 ? 0 : (2 * i) / (n - 1) - 1)));
}
