/**
 * The charts that show the verdict, one series (one colour) per target, the same colour for a
 * target in every chart: latency at 1 connection (with the repetitions' range), throughput per
 * load level, and CPU and memory per target.
 */
import type * as vl from 'vega-lite';
import type { RunReport } from '../results/report-schema.ts';
import { base, renderSpecs, type Chart } from './charts.ts';
import type { Verdict, VerdictLine } from './verdict.ts';

type Spec = vl.TopLevelSpec;
type LayeredSpec = Extract<Spec, { layer: unknown }>;

/** One colour per target, in the order the run measured them. */
function colour(report: RunReport) {
  return { field: 'target', type: 'nominal' as const, title: 'target', scale: { domain: [...new Set(report.results.map((r) => r.target))] } };
}

const line = (v: Verdict, id: string): VerdictLine | undefined => v.lines.find((l) => l.id === id && l.ranking.length);

function bars(l: VerdictLine, report: RunReport, width: number): LayeredSpec {
  const values = l.ranking.map((c) => ({ target: c.target, value: c.value, low: c.spread?.[0] ?? c.value, high: c.spread?.[1] ?? c.value }));
  return {
    width,
    height: base.height,
    title: l.title,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'target', type: 'nominal', sort: values.map((x) => x.target), title: null },
          x: { field: 'value', type: 'quantitative', title: l.unit },
          color: colour(report),
          tooltip: [{ field: 'target' }, { field: 'value', format: '.3~r' }],
        },
      },
      // The run-to-run spread, where there are repetitions.
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'target', type: 'nominal', sort: values.map((x) => x.target) }, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  };
}

function speed(v: Verdict, report: RunReport): Spec | undefined {
  const l = line(v, 'fastest-1-connection');
  return l ? { ...bars(l, report, base.width), background: base.background } : undefined;
}

function throughput(v: Verdict, report: RunReport): Spec | undefined {
  const l = line(v, 'most-throughput');
  if (!l) return undefined;
  const ranked = new Set(l.ranking.map((c) => c.target));
  const values = report.results
    .filter((r) => r.profile === l.profile && ranked.has(r.target))
    .flatMap((r) => r.windows.map((w, order) => ({ target: r.target, window: w.window, order, rps: w.throughputRps, p99: w.latency.p99 })));
  return {
    ...base,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'window', type: 'ordinal', sort: { field: 'order' }, title: `load (${l.profile} profile)` },
      y: { field: 'rps', type: 'quantitative', title: 'throughput (req/s)' },
      color: colour(report),
      tooltip: [{ field: 'target' }, { field: 'window' }, { field: 'rps', format: '.3~r' }, { field: 'p99', title: 'p99 ms', format: '.3~r' }],
    },
  };
}

function cost(v: Verdict, report: RunReport): Spec | undefined {
  const ls = ['least-cpu', 'least-memory'].map((id) => line(v, id)).filter((l): l is VerdictLine => l !== undefined);
  if (!ls.length) return undefined;
  return { background: base.background, hconcat: ls.map((l) => bars(l, report, base.width / 2)) };
}

/** The verdict's charts, in the order of its questions; a chart without data is left out. */
export async function renderVerdictCharts(report: RunReport, verdict: Verdict): Promise<Chart[]> {
  return renderSpecs([
    ['verdict-speed', 'Latency at 1 connection per target (bar: mean; line: range of the repetitions)', speed(verdict, report)],
    ['verdict-throughput', 'Throughput per load level, one line per target', throughput(verdict, report)],
    ['verdict-cost', 'CPU per request and memory per target', cost(verdict, report)],
  ]);
}
