/**
 * Cost per window for the report: the window's span (its timed step in the profile's plan, from
 * the test's start, which the scenarios' summary records as the time handleSummary ran minus
 * the test's duration), the target's resource samples in it, and its predictions (requests x batch).
 */
import { stepName, type Step } from '../../scenarios/lib/profiles/profile.ts';
import type { WindowResult } from '../results/report-schema.ts';
import { dollarsPerMillion, windowCost, type ResourcePoint } from './cost.ts';
import type { PriceTable } from './price-table.ts';

/** What a summary written by scenarios/lib/summary.ts carries about its own timing. */
export interface SummaryClock {
  state?: { testRunDurationMs?: number };
  servebench?: { clock?: { summaryAtMs?: number } };
}

/** Epoch ms the test (the scenarios, after setup) started, when the summary recorded it. */
export function testStartMs(summary: SummaryClock): number | undefined {
  const at = summary.servebench?.clock?.summaryAtMs;
  const duration = summary.state?.testRunDurationMs;
  return typeof at === 'number' && typeof duration === 'number' ? at - duration : undefined;
}

export interface CostInputs {
  /** The profile plan's steps: the timed ones are the windows with a span (sequential ones have none). */
  steps: readonly Step[];
  summary: SummaryClock;
  samples: readonly ResourcePoint[];
  /** Images per request (BATCH). */
  batch: number;
  prices: PriceTable;
}

/** The windows with `cost` where it can be computed, and why not for the others. */
export function withCosts(windows: WindowResult[], c: CostInputs): { windows: WindowResult[]; notComputed?: string } {
  const start = testStartMs(c.summary);
  if (start === undefined) return { windows, notComputed: 'the summary records no test start (older run, or no handleSummary output)' };
  if (!c.samples.length) return { windows, notComputed: 'no resource samples' };
  const spans = new Map(c.steps.flatMap((s) => (s.schedule.kind === 'timed' ? [[stepName(s.label), s.schedule] as const] : [])));
  if (!spans.size) return { windows, notComputed: 'sequential steps (paper) have no fixed time span' };
  const out = windows.map((w) => {
    const span = spans.get(w.window);
    const cost = span && windowCost(c.samples, start + span.startMs, start + span.startMs + span.holdMs, w.requests * c.batch);
    return cost ? { ...w, cost: { ...cost, dollarsPerMillion: dollarsPerMillion(cost, c.prices) } } : w;
  });
  return { windows: out, ...(out.some((w) => w.cost) ? {} : { notComputed: 'the resource samples cover too little of each window' }) };
}
