/**
 * The report's charts: vega-lite specs rendered server-side to SVG strings (no network, no
 * browser). Each chart is skipped when there is no data for it.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { RunReport } from '../results/report-schema.ts';
import { PAPER_ARCHS, PAPER_SECONDS } from './paper-figures.ts';

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

/** Resource samples per target, seconds from the start of each profile. */
export interface SeriesPoint {
  target: string;
  profile: string;
  s: number;
  cpuPercent: number;
  rssMb: number;
}

type Spec = vl.TopLevelSpec;

export async function render(spec: Spec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export const base = { width: 520, height: 260, background: 'white' } as const;

function throughputLatency(report: RunReport): Spec | undefined {
  const values = report.results
    .filter((r) => r.status === 'ok' && r.profile !== 'paper')
    .flatMap((r) => r.windows.map((w, i) => ({ target: `${r.target} ${r.profile}`, window: w.window, order: i, rps: w.throughputRps, p50: w.latency.p50, p99: w.latency.p99 })));
  if (!values.length) return undefined;
  return {
    ...base,
    data: { values },
    transform: [{ fold: ['p50', 'p99'], as: ['percentile', 'ms'] }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rps', type: 'quantitative', title: 'throughput (req/s)' },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { type: 'log' } },
      color: { field: 'target', type: 'nominal' },
      strokeDash: { field: 'percentile', type: 'nominal' },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'window' }],
    },
  };
}

function latencyDistribution(report: RunReport): Spec | undefined {
  const names = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
  const values = report.results
    .filter((r) => r.status === 'ok')
    .flatMap((r) => r.windows.flatMap((w) => names.map((p, i) => ({ series: `${r.target} ${r.profile} ${w.window}`, target: r.target, p, i, ms: w.latency[p] }))))
    .filter((v) => Number.isFinite(v.ms) && v.ms > 0);
  if (!values.length) return undefined;
  return {
    ...base,
    data: { values },
    mark: { type: 'line', point: true, opacity: 0.8 },
    encoding: {
      x: { field: 'p', type: 'ordinal', sort: [...names], title: 'percentile' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms)' },
      color: { field: 'target', type: 'nominal' },
      detail: { field: 'series', type: 'nominal' },
    },
  };
}

function paperSeconds(report: RunReport): Spec | undefined {
  const ours = report.results
    .filter((r) => r.status === 'ok' && r.profile === 'paper')
    .flatMap((r) => r.windows.filter((w) => w.paperSeconds?.length).map((w) => ({ who: r.target, n: w.label?.value ?? NaN, s: w.paperSeconds!.reduce((a, b) => a + b, 0) / w.paperSeconds!.length, source: 'ours' })));
  if (!ours.length) return undefined;
  const paper = Object.entries(PAPER_SECONDS).flatMap(([k, byN]) => Object.entries(byN).map(([n, s]) => ({ who: `paper ${PAPER_ARCHS[k as keyof typeof PAPER_ARCHS]}`, n: Number(n), s, source: 'paper' })));
  return {
    ...base,
    data: { values: [...ours, ...paper] },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative', scale: { type: 'log' }, title: 'N sequential requests' },
      y: { field: 's', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
      color: { field: 'who', type: 'nominal', title: 'target' },
      strokeDash: { field: 'source', type: 'nominal' },
    },
  };
}

function resourceSeries(series: SeriesPoint[], field: 'cpuPercent' | 'rssMb', title: string): Spec | undefined {
  if (!series.length) return undefined;
  return {
    ...base,
    data: { values: series.map((p) => ({ ...p, series: `${p.target} ${p.profile}` })) },
    mark: { type: 'line' },
    encoding: {
      x: { field: 's', type: 'quantitative', title: 'seconds into the profile' },
      y: { field, type: 'quantitative', title },
      color: { field: 'series', type: 'nominal', title: 'target' },
    },
  };
}

/** Charts from [id, title, spec] entries; an entry without a spec (no data) is left out. */
export async function renderSpecs(specs: [string, string, Spec | undefined][]): Promise<Chart[]> {
  const charts: Chart[] = [];
  for (const [id, title, spec] of specs) if (spec) charts.push({ id, title, svg: await render(spec) });
  return charts;
}

/** The detailed charts, shown after the tables (the verdict's own: verdict-charts.ts). */
export async function renderCharts(report: RunReport, series: SeriesPoint[]): Promise<Chart[]> {
  return renderSpecs([
    ['paper', 'Seconds for N sequential requests, ours and the study (log-log)', paperSeconds(report)],
    ['throughput-latency', 'Throughput vs latency (p50, p99) per target', throughputLatency(report)],
    ['latency-distribution', 'Latency distribution (percentiles) per target and window', latencyDistribution(report)],
    ['cpu', 'CPU % (of one core) of the serving side while loaded', resourceSeries(series, 'cpuPercent', 'CPU % of one core')],
    ['ram', 'RSS (MB) of the serving side while loaded', resourceSeries(series, 'rssMb', 'RSS MB')],
  ]);
}
