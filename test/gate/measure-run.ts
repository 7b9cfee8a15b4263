/**
 * A small stand-in for `servebench run` in the gate's end-to-end test and its fixture recorder
 * (the runner reports one value per window; the gate wants per-repetition figures to see the
 * noise within one run): starts real targets from the registry in-process, drives each
 * with a closed loop of keep-alive REST requests, and returns report.json-shaped RunReports
 * with one window and per-repetition throughput and latency percentiles. Several runs are
 * measured round-robin (rep 1 of each, rep 2 of each, ...) so background load on a shared
 * machine hits them alike. No resource stats: in-process CPU/RSS would measure this test
 * process, not the target.
 */
import { Pool } from 'undici';
import type { RunReport, WindowResult } from '../../runner/results/report-schema.ts';
import { getTarget } from '../../servers/registry.ts';
import { nestedImage, testImages } from '../helpers/images.ts';
import { startTarget } from '../helpers/targets.ts';
import { percentile, runClosedLoop } from '../../bench/closed-loop.ts';

export interface RunSpec {
  runId: string;
  delayMs: number;
}

export interface MeasurePlan {
  target: string;
  repetitions: number;
  repetitionMs: number;
  warmupMs: number;
  concurrency: number;
}

const BODY = JSON.stringify({ instances: [nestedImage(testImages(1)[0])] });

/** Keeps `concurrency` requests in flight for `ms`; every request's latency in ms, ascending. */
async function closedLoop(pool: Pool, concurrency: number, ms: number): Promise<number[]> {
  const call = async () => {
    const res = await pool.request({ path: '/v1/models/cifar10:predict', method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`predict answered ${res.statusCode}`);
  };
  const { latencies, errors } = await runClosedLoop(Array.from({ length: concurrency }, () => call), ms);
  if (errors > 0) throw new Error(`${errors} predict calls failed while measuring`);
  return latencies;
}

type Repetition = { throughputRps: number; p50: number; p95: number; p99: number };

function repetition(latencies: number[], ms: number): Repetition {
  return { throughputRps: (latencies.length * 1000) / ms, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

function toReport(spec: RunSpec, plan: MeasurePlan, reps: Repetition[], all: number[]): RunReport {
  const entry = getTarget(plan.target);
  all.sort((a, b) => a - b);
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const window: WindowResult = {
    window: `vus=${plan.concurrency}`,
    requests: all.length,
    throughputRps: (all.length * 1000) / (plan.repetitionMs * plan.repetitions),
    latency: { mean, p50: percentile(all, 50), p90: percentile(all, 90), p95: percentile(all, 95), p99: percentile(all, 99), max: all[all.length - 1] },
    errorRate: 0,
    checkRate: 1,
    repetitions: reps,
  };
  return {
    runId: spec.runId,
    createdAt: new Date().toISOString(),
    settings: { ...plan, ...spec },
    environment: { node: process.version, platform: process.platform },
    results: [{ target: plan.target, paperRole: entry.paperRole, protocol: entry.protocol, profile: 'e2e', status: 'ok', validity: ['valid'], windows: [window] }],
  };
}

/** Measures every run in `specs` (one target instance each), repetitions interleaved round-robin. */
export async function measureRuns(specs: RunSpec[], plan: MeasurePlan): Promise<RunReport[]> {
  const started = await Promise.all(specs.map(async (spec) => {
    const target = await startTarget(plan.target, { delayMs: spec.delayMs });
    return { spec, target, pool: new Pool(target.url, { connections: plan.concurrency }), reps: [] as Repetition[], all: [] as number[] };
  }));
  try {
    for (const s of started) await closedLoop(s.pool, plan.concurrency, plan.warmupMs);
    for (let r = 0; r < plan.repetitions; r++) {
      for (const s of started) {
        const latencies = await closedLoop(s.pool, plan.concurrency, plan.repetitionMs);
        s.all.push(...latencies);
        s.reps.push(repetition(latencies, plan.repetitionMs));
      }
    }
  } finally {
    for (const s of started) {
      await s.pool.close();
      await s.target.close();
    }
  }
  return started.map((s) => toReport(s.spec, plan, s.reps, s.all));
}
