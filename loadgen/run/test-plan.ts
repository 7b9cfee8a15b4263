/**
 * From resolved options to what the coordinator drives: each scenario normalised and planned
 * for this instance's execution segment, the VU pool size, VU ids across segments, and whether
 * every exec function is async (then many VUs share a thread). Bad scenarios, missing exec
 * functions and bad thresholds are configuration errors here, before any VU starts.
 */
import { resolveScenarios, type NormalizedScenario } from '../executors/executor-config.ts';
import { maxConcurrentVUs, planScenario, type ScenarioPlan } from '../executors/executor-plans.ts';
import type { MetricDef } from '../metrics/sample.ts';
import { createMainAggregator } from './aggregator.ts';
import type { TestOptions } from '../options/test-options.ts';
import { SegmentedExecution } from '../segments/execution-segment.ts';
import type { PlanKind, PlannedScenario } from './scenario-driver.ts';

export interface TestPlan {
  scenarios: PlannedScenario[];
  vusMax: number;
  vuIdOf(idInInstance: number): number;
  allAsync: boolean;
  segment: SegmentedExecution;
}

function kindOf(p: ScenarioPlan): { plan: PlanKind; plannedMs: number } {
  switch (p.executor) {
    case 'constant-vus':
      return { plan: { kind: 'until', vus: p.vus, durationMs: p.durationMs }, plannedMs: p.durationMs };
    case 'ramping-vus': {
      const activations = p.vus.flatMap((v) => v.intervals.map((i) => ({ vu: v.localIndex, startMs: i.startMs, endMs: i.endMs })));
      const vusMax = p.vus.reduce((m, v) => Math.max(m, v.localIndex + 1), 0);
      return { plan: { kind: 'ramping', activations, vusMax, endMs: p.totalStageDurationMs, gracefulRampDownMs: p.gracefulRampDownMs }, plannedMs: p.totalStageDurationMs };
    }
    case 'per-vu-iterations':
      return { plan: { kind: 'per-vu', vus: p.vus, iterations: p.iterationsPerVU, maxDurationMs: p.maxDurationMs }, plannedMs: p.maxDurationMs };
    case 'shared-iterations':
      return { plan: { kind: 'shared', vus: p.vus, total: p.iterations, maxDurationMs: p.maxDurationMs }, plannedMs: p.maxDurationMs };
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return { plan: { kind: 'arrival', ticks: () => p.ticks(), preAllocated: p.preAllocatedVUs, maxVUs: p.maxVUs, durationMs: p.durationMs }, plannedMs: p.durationMs };
  }
}

const isAsync = (f: unknown) => typeof f === 'function' && f.constructor?.name === 'AsyncFunction';

export function planTest(options: TestOptions, exports: Record<string, unknown>, metricDefs: MetricDef[], warn: (m: string) => void = (m) => process.stderr.write(`WARN ${m}\n`)): TestPlan {
  const segment = SegmentedExecution.parse(options.executionSegment ?? undefined, options.executionSegmentSequence ?? undefined);
  const normalized: Record<string, NormalizedScenario> = resolveScenarios(options.scenarioSource, warn);
  createMainAggregator(metricDefs, options.thresholds); // validates every threshold against the metrics
  const scenarios: PlannedScenario[] = [];
  for (const c of Object.values(normalized)) {
    if (typeof exports[c.exec] !== 'function') {
      throw new Error(`scenario "${c.name}": the script exports no function "${c.exec}" (exec)`);
    }
    const { plan, plannedMs } = kindOf(planScenario(c, segment));
    scenarios.push({ name: c.name, executor: c.executor, exec: c.exec, startMs: c.startTimeMs, gracefulStopMs: c.gracefulStopMs, tags: c.tags, env: c.env, plannedMs, plan });
  }
  return {
    scenarios,
    vusMax: maxConcurrentVUs(normalized, segment),
    vuIdOf: (idInInstance) => segment.globalIndex(idInInstance - 1) + 1,
    allAsync: Object.values(normalized).every((c) => isAsync(exports[c.exec])),
    segment,
  };
}
