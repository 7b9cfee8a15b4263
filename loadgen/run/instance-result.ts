/**
 * `--result-out FILE`: one instance's mergeable result. Everything `servebench merge` needs to
 * rebuild the test's summary from N instances as if one had run it: the metric store snapshot
 * (trends as HDR histograms, never percentiles), the checks, the thresholds as configured (they
 * are evaluated again on the merged data), and when and where this instance ran.
 */
import { hostname } from 'node:os';
import type { ChecksSnapshot } from '../metrics/checks-tree.ts';
import type { StoreSnapshot } from '../metrics/metric-store.ts';
import type { TestOptions } from '../options/test-options.ts';
import type { TestRunResult } from './test-run.ts';

export const INSTANCE_RESULT_KIND = 'servebench-instance-result';

export interface InstanceInfo {
  /** The `instance_id` tag when given (--tag instance_id=…), else the hostname. */
  id: string;
  hostname: string;
  pid: number;
  /** `from:to` as given, or null for the whole test. */
  segment: string | null;
  sequence: string | null;
  /** --start-at (ms since the epoch), or null. */
  startAt: number | null;
  /** Wall-clock instants, ms since the epoch (see TestRunResult.wall). */
  initDoneAt: number;
  beganAt: number;
  testStartedAt: number;
  endedAt: number;
}

export interface InstanceResult {
  kind: typeof INSTANCE_RESULT_KIND;
  v: 1;
  instance: InstanceInfo;
  exitCode: number;
  testRunDurationMs: number;
  thresholds: Record<string, unknown[]>;
  summaryTrendStats: string[];
  summaryTimeUnit: string;
  tags: Record<string, string>;
  metrics: StoreSnapshot;
  checks: ChecksSnapshot;
}

export function buildInstanceResult(result: TestRunResult, options: TestOptions, startAt: number | undefined): InstanceResult {
  const host = hostname();
  return {
    kind: INSTANCE_RESULT_KIND,
    v: 1,
    instance: {
      id: options.tags.instance_id ?? host,
      hostname: host,
      pid: process.pid,
      segment: options.executionSegment,
      sequence: options.executionSegmentSequence,
      startAt: startAt ?? null,
      ...result.wall,
    },
    exitCode: result.exitCode,
    testRunDurationMs: result.testRunDurationMs,
    thresholds: options.thresholds,
    summaryTrendStats: options.summaryTrendStats,
    summaryTimeUnit: options.summaryTimeUnit,
    tags: options.tags,
    metrics: result.aggregator.store.snapshot(),
    checks: result.aggregator.checks.snapshot(),
  };
}
