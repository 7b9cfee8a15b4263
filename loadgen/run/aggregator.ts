/**
 * Metric aggregation on both sides of the thread boundary. In a VU thread: samples into a
 * local store (and a raw list when outputs stream them), shipped as deltas. In the main thread:
 * deltas merged into the test's store, thresholds evaluated, live values for the REST API,
 * and the summary data built at the end.
 */
import { ChecksTree, type ChecksSnapshot } from '../metrics/checks-tree.ts';
import { MetricRegistry } from '../metrics/metric-registry.ts';
import { DEFAULT_SUBMETRICS, MetricStore, type StoreSnapshot } from '../metrics/metric-store.ts';
import type { MetricDef, Sample, Tags } from '../metrics/sample.ts';
import { buildSummaryData, type SummaryData } from '../metrics/summary.ts';
import { Thresholds } from '../metrics/thresholds.ts';

interface Delta {
  store: StoreSnapshot | null;
  checks: ChecksSnapshot | null;
}

function registryWith(defs: readonly MetricDef[]): MetricRegistry {
  const registry = new MetricRegistry();
  for (const d of defs) registry.register(d);
  return registry;
}

/** Only selectors with tags are sub-metrics; plain metric names are the metrics themselves. */
export const submetricKeys = (keys: readonly string[]) => [...new Set([...DEFAULT_SUBMETRICS, ...keys.filter((k) => k.includes('{'))])];

export function createAggregator(defs: readonly MetricDef[], submetrics: readonly string[], streamSamples: boolean) {
  const registry = registryWith(defs);
  const store = new MetricStore(registry, submetricKeys(submetrics));
  const checks = new ChecksTree();
  let samples: Sample[] = [];
  return {
    add(metric: string, value: number, tags: Tags, time: number): void {
      store.addValue(metric, value, time, tags);
      if (streamSamples) samples.push({ metric, time, value, tags });
    },
    addCheck: (path: string, name: string, passed: boolean) => checks.addCheck(path, name, passed),
    registerMetric: (def: MetricDef) => void registry.register(def),
    takeDelta(): { delta: Delta; samples?: Sample[] } {
      const delta: Delta = { store: store.takeDelta(), checks: checks.takeDelta() };
      if (!streamSamples) return { delta };
      const out = samples;
      samples = [];
      return { delta, samples: out };
    },
  };
}

export interface ThresholdVerdict {
  /** Threshold sources that crossed with abortOnFail, or null. */
  abort: string[] | null;
  failed: string[];
}

export function createMainAggregator(defs: readonly MetricDef[], thresholdConfig: Record<string, unknown[]>) {
  const registry = registryWith(defs);
  const thresholds = Thresholds.parse(thresholdConfig, registry);
  const store = new MetricStore(registry, submetricKeys(thresholds.submetricSelectors()));
  const checks = new ChecksTree();
  const failedList = () => thresholds.results().filter((t) => !t.ok).map((t) => `${t.key} ${t.source}`);
  return {
    thresholds,
    store,
    checks,
    merge(d: unknown): void {
      const delta = d as Delta;
      if (delta.store) store.merge(delta.store);
      if (delta.checks) checks.merge(delta.checks);
    },
    add(metric: string, value: number, tags: Tags, time: number): void {
      store.addValue(metric, value, time, tags);
    },
    count(metric: string): number {
      return store.get(metric)?.values(['count'], 1).count ?? 0;
    },
    live(name: string) {
      const def = registry.get(name);
      const agg = store.get(name);
      if (!def) return undefined;
      const stats = def.type === 'trend' ? ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'count'] : [];
      return { type: def.type, contains: def.contains, sample: agg ? agg.values(stats, 1) : {} };
    },
    evaluateThresholds(elapsedMs: number, final = false): ThresholdVerdict {
      const e = thresholds.evaluate(store, elapsedMs, { final });
      const abort = e.abort ? thresholds.results().filter((t) => !t.ok && t.abortOnFail).map((t) => `${t.key} ${t.source}`) : null;
      return { abort, failed: failedList() };
    },
    summaryData(opts: { summaryTrendStats: string[]; summaryTimeUnit: string; testRunDurationMs: number }): SummaryData {
      return buildSummaryData({
        store,
        checks,
        thresholds,
        testRunDurationMs: opts.testRunDurationMs,
        options: { summaryTrendStats: opts.summaryTrendStats, summaryTimeUnit: opts.summaryTimeUnit, noColor: true },
        state: { isStdOutTTY: process.stdout.isTTY === true, isStdErrTTY: process.stderr.isTTY === true },
      });
    },
  };
}

export type MainAggregator = ReturnType<typeof createMainAggregator>;
export type { SummaryData };
