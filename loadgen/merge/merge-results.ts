/**
 * N instance results → one test's summary, as if one instance had run the whole test: metric
 * store snapshots merged (counters and rates summed, trends merged histogram by histogram, never
 * by averaging percentiles), checks summed, thresholds parsed from the instances' shared config
 * and evaluated on the merged data. Counter rates use the merged run time: from the earliest
 * scenario start to the latest end. Also reports how the instances lined up in time.
 */
import { ChecksTree } from '../metrics/checks-tree.ts';
import { MetricRegistry } from '../metrics/metric-registry.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { buildSummaryData, type SummaryData } from '../metrics/summary.ts';
import { Thresholds } from '../metrics/thresholds.ts';
import { Fraction, FULL_SEGMENT, parseExecutionSegment, parseExecutionSegmentSequence } from '../segments/execution-segment.ts';
import type { InstanceResult } from '../run/instance-result.ts';

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface ClusterReport {
  instances: number;
  ids: string[];
  segments: (string | null)[];
  sequence: string | null;
  /** Segments found cover (0, 1] exactly once. */
  complete: boolean;
  /** Spread (max − min) of the instances' scenario start times, ms: the clock skew the merge sees. */
  clockSkewMs: number;
  /** Spread of the instants the instances began (after --start-at, before setup), ms. */
  beganSpreadMs: number;
  /** Latest begin after the shared --start-at, ms (null without one). */
  maxLateMs: number | null;
  startAt: number | null;
  testRunDurationMs: number;
  warnings: string[];
}

export interface MergedResult {
  data: SummaryData & { cluster: ClusterReport };
  thresholds: Thresholds;
  /** `metric expression` of every failed threshold (exit 99 when any). */
  failed: string[];
  cluster: ClusterReport;
}

const spread = (xs: number[]) => (xs.length ? Math.max(...xs) - Math.min(...xs) : 0);

/** Checks the instances form one split test: one sequence, no segment twice; says whether all are there. */
function checkSegments(results: readonly InstanceResult[], warnings: string[]): { sequence: string | null; complete: boolean } {
  const sequences = [...new Set(results.map((r) => r.instance.sequence ?? ''))];
  if (sequences.length > 1) throw new MergeError(`instances ran with different --execution-segment-sequence values (${sequences.map((s) => s || 'none').join(' | ')}): they are not one split test`);
  const sequence = sequences[0] || null;
  if (sequence) parseExecutionSegmentSequence(sequence);
  const segs = results.map((r) => (r.instance.segment ? parseExecutionSegment(r.instance.segment) : FULL_SEGMENT));
  const order = segs.map((s, i) => ({ s, i })).sort((a, b) => a.s.from.cmp(b.s.from));
  let at = Fraction.ZERO;
  let complete = true;
  for (const { s, i } of order) {
    if (s.from.cmp(at) < 0) throw new MergeError(`instance ${results[i].instance.id} (segment ${results[i].instance.segment ?? '0:1'}) overlaps another instance's segment: merging would count that share twice`);
    if (s.from.cmp(at) > 0) complete = false;
    at = s.to;
  }
  if (at.cmp(Fraction.ONE) !== 0) complete = false;
  if (!complete) warnings.push(`the instances' segments (${results.map((r) => r.instance.segment ?? '0:1').join(', ')}) do not cover the whole test: totals are for part of it`);
  return { sequence, complete };
}

export function mergeResults(results: readonly InstanceResult[], opts: { summaryTrendStats?: string[] } = {}): MergedResult {
  if (!results.length) throw new MergeError('no instance results to merge');
  const warnings: string[] = [];
  const { sequence, complete } = checkSegments(results, warnings);
  const first = results[0];
  for (const r of results.slice(1)) {
    if (JSON.stringify(r.thresholds) !== JSON.stringify(first.thresholds)) warnings.push(`instance ${r.instance.id} has other thresholds than ${first.instance.id}; ${first.instance.id}'s are evaluated`);
  }
  for (const r of results) if (r.exitCode !== 0 && r.exitCode !== 99) warnings.push(`instance ${r.instance.id} exited with ${r.exitCode} (not a threshold failure): its share may be incomplete`);

  const registry = new MetricRegistry();
  const store = new MetricStore(registry);
  const checks = new ChecksTree();
  for (const r of results) {
    store.merge(r.metrics);
    checks.merge(r.checks);
  }
  const thresholds = Thresholds.parse(first.thresholds, registry);

  const starts = results.map((r) => r.instance.testStartedAt);
  const ends = results.map((r) => r.instance.testStartedAt + r.testRunDurationMs);
  const testRunDurationMs = Math.max(...ends) - Math.min(...starts);
  const startAt = first.instance.startAt;
  if (results.some((r) => r.instance.startAt !== startAt)) warnings.push('the instances were given different --start-at times');
  const began = results.map((r) => r.instance.beganAt);
  const cluster: ClusterReport = {
    instances: results.length,
    ids: results.map((r) => r.instance.id),
    segments: results.map((r) => r.instance.segment),
    sequence,
    complete,
    clockSkewMs: spread(starts),
    beganSpreadMs: spread(began),
    maxLateMs: startAt === null ? null : Math.max(...began.map((b) => b - startAt)),
    startAt,
    testRunDurationMs,
    warnings,
  };

  thresholds.evaluate(store, testRunDurationMs, { final: true });
  const data = buildSummaryData({
    store,
    checks,
    thresholds,
    testRunDurationMs,
    options: { summaryTrendStats: opts.summaryTrendStats ?? first.summaryTrendStats, summaryTimeUnit: first.summaryTimeUnit, noColor: true },
  });
  const failed = thresholds.results().filter((t) => !t.ok).map((t) => `${t.key} ${t.source}`);
  return { data: { ...data, cluster }, thresholds, failed, cluster };
}
