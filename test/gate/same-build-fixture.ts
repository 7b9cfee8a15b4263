/**
 * The recorded same-build runs (fixtures/same-build-runs.json, written by record-same-build.ts)
 * as report.json-shaped RunReports, for the gate to replay.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunReport, WindowResult } from '../../runner/results/report-schema.ts';
import type { MeasurePlan } from './measure-run.ts';
import { reportOf, targetOf } from './report-fixture.ts';

export const SAME_BUILD_FIXTURE = fileURLToPath(new URL('./fixtures/same-build-runs.json', import.meta.url));

export type Figures = { p50: number; p95: number; p99: number; throughputRps: number };

export interface SameBuildFixture {
  note: string;
  recorded: { at: string; cpu: string; cores: number; node: string };
  plan: MeasurePlan;
  window: string;
  runs: { runId: string; repetitions: Figures[] }[];
}

export function readSameBuildFixture(): SameBuildFixture {
  return JSON.parse(readFileSync(SAME_BUILD_FIXTURE, 'utf8')) as SameBuildFixture;
}

/** One recorded run as a report, its figures optionally transformed (e.g. slowed). */
export function recordedReport(f: SameBuildFixture, run: SameBuildFixture['runs'][number], change: (x: Figures) => Figures = (x) => x): RunReport {
  const reps = run.repetitions.map(change);
  const med = (pick: (x: Figures) => number) => reps.map(pick).sort((a, b) => a - b)[reps.length >> 1];
  const window: WindowResult = {
    window: f.window,
    requests: Math.round((med((x) => x.throughputRps) * f.plan.repetitionMs * reps.length) / 1000),
    throughputRps: med((x) => x.throughputRps),
    latency: { mean: med((x) => x.p50), p50: med((x) => x.p50), p90: med((x) => x.p95), p95: med((x) => x.p95), p99: med((x) => x.p99), max: Math.max(...reps.map((x) => x.p99)) },
    errorRate: 0,
    checkRate: 1,
    repetitions: reps,
  };
  return reportOf(run.runId, [targetOf(f.plan.target, [window], { profile: 'e2e', resources: undefined })]);
}
