/**
 * The report's tables as data (title, header, rows), built once from report.json and rendered
 * to markdown and HTML alike.
 */
import type { RunReport, TargetResult } from '../results/report-schema.ts';
import { mean } from '../results/stats.ts';
import { OWN_PARTS } from '../../servers/core/server-timing.ts';
import { arrivalTable, hasArrivalResults } from './arrival-table.ts';
import { costTable } from './cost-table.ts';
import { PAPER_ARCHS, PAPER_N, PAPER_RESOURCES, PAPER_SECONDS, paperArch } from './paper-figures.ts';
import { timeBreakdown } from './time-breakdown.ts';

export interface Table {
  id: string;
  title: string;
  note?: string;
  header: string[];
  rows: string[][];
}

export const fmt = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const ms = (x: number | undefined) => fmt(x, x !== undefined && x < 10 ? 2 : 1);
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(x === 0 || x === 1 ? 0 : 2)}%` : '–');

const ok = (r: TargetResult) => r.status === 'ok';

function paperTable(report: RunReport): Table {
  const ours = report.results.filter((r) => r.profile === 'paper' && ok(r));
  const ns = [...new Set([...PAPER_N, ...ours.flatMap((r) => r.windows.map((w) => w.label?.value ?? NaN))])].sort((a, b) => a - b);
  const measured = ns.filter((n) => ours.some((r) => r.windows.some((w) => w.label?.value === n)));
  const header = ['N', ...ours.map((r) => `${r.target} (${r.paperRole})`), ...Object.entries(PAPER_ARCHS).map(([k, v]) => `paper ${k}: ${v}`)];
  const rows = measured.map((n) => [
    String(n),
    ...ours.map((r) => {
      const s = r.windows.find((w) => w.label?.value === n)?.paperSeconds ?? [];
      return s.length ? fmt(mean(s), 3) : '–';
    }),
    ...Object.keys(PAPER_ARCHS).map((k) => fmt(PAPER_SECONDS[k as keyof typeof PAPER_ARCHS][n], 3)),
  ]);
  return {
    id: 'table3',
    title: 'Table 3: seconds for N sequential requests (mean over repetitions), ours beside the study',
    note: 'Our targets stand for the study\'s architectures by paper role (a embedded, b Express for Flask, c Fastify for FastAPI, d gRPC server for TF Serving).',
    header,
    rows,
  };
}

const NOT_MEASURED = 'not measured';
const SOURCE_TEXT: Record<string, string> = { process: '/proc', docker: 'Docker stats', cadvisor: 'cAdvisor (InfluxDB)', none: '–' };

function resourcesTable(report: RunReport, cores: number): Table {
  const rows: string[][] = [];
  for (const r of report.results.filter(ok)) {
    const res = r.resources;
    const arch = paperArch(r.paperRole);
    const p = arch ? PAPER_RESOURCES[arch] : undefined;
    const paper = [p ? `${p.cpuPercentOfAllCores} (${arch})` : '–', p ? fmt(p.ramMb) : '–'];
    const source = SOURCE_TEXT[r.resourceSource ?? 'process'] ?? r.resourceSource ?? '–';
    if (!res) {
      rows.push([r.target, r.profile, `${NOT_MEASURED}: ${r.resourcesNotMeasured ?? 'no samples'}`, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, '–', ...paper]);
      continue;
    }
    rows.push([r.target, r.profile, fmt(res.cpuPercentMean), fmt(res.cpuPercentMax), fmt(res.cpuPercentMean / cores), fmt(res.rssMbMean), fmt(res.rssMbMax), source, ...paper]);
  }
  return {
    id: 'table4',
    title: 'Table 4: CPU and RAM of the serving side while loaded, beside the study',
    note: `CPU % of one core (200 = two cores busy) and of all ${cores} cores; the study gives % of 8 cores during its 10,000-request run. Our targets are sampled every 250 ms from /proc over their processes (gateway: gateway + model server) or from the Docker stats API; an external target from its container (--stats-container: Docker stats, else cAdvisor's series in InfluxDB), else "not measured" — never estimated.`,
    header: ['target', 'profile', 'CPU % mean', 'CPU % max', `CPU % of ${cores} cores`, 'RSS MB mean', 'RSS MB max', 'source', 'paper CPU % (8 cores)', 'paper RAM MB'],
    rows,
  };
}

function latencyTable(report: RunReport): Table {
  const rows = report.results.filter(ok).flatMap((r) =>
    r.windows.map((w) => [r.target, r.profile, w.window, String(w.requests), fmt(w.throughputRps), ms(w.latency.mean), ms(w.latency.p50), ms(w.latency.p90), ms(w.latency.p95), ms(w.latency.p99), ms(w.latency.max), pct(w.errorRate), pct(w.checkRate)]),
  );
  return {
    id: 'latency',
    title: 'Latency (ms) and throughput per window',
    header: ['target', 'profile', 'window', 'requests', 'req/s', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'errors', 'checks'],
    rows,
  };
}

function timingTable(report: RunReport): Table {
  const rows = report.results.filter(ok).flatMap((r) =>
    r.windows.flatMap((w) => {
      if (!w.serverTiming) return [[r.target, r.profile, w.window, 'client', ms(w.latency.mean), ...OWN_PARTS.map(() => '–'), '–', '–']];
      return timeBreakdown(w.latency.mean, w.serverTiming).map((b) => [
        r.target, r.profile, w.window, b.span, ms(b.total), ...OWN_PARTS.map((p) => ms(b.parts[p])), ms(b.upstream), ms(b.rest),
      ]);
    }),
  );
  return {
    id: 'timing',
    title: 'Where the time goes (mean ms per request)',
    note: 'Each row adds up: decode + queue (waiting for an inference worker) + infer + encode + upstream + rest = the span, as the servers report their parts (Server-Timing, gRPC trailers). Span "client": the latency the load engine saw; its parts are the answering server\'s own, and for a gateway "upstream" is its whole round trip to the model server (its own decode/encode only when it decodes the JSON itself, for a gRPC model server); rest = network, HTTP/gRPC framing, the load generator. Span "upstream" (under each gateway): that round trip broken down — the model server\'s own parts, which the gateway reports nested inside its span (upstream.infer, ...), never beside it, so nothing is counted twice; rest = the hop between gateway and model server (network, framing, the model server\'s HTTP layer).',
    header: ['target', 'profile', 'window', 'span', 'span mean', ...OWN_PARTS, 'upstream', 'rest'],
    rows,
  };
}

function validityTable(report: RunReport): Table {
  return {
    id: 'validity',
    title: 'Validity',
    note: 'errors: failed requests; check-failures: wrong or malformed answers; generator-saturated: the load engine used over 90% of its CPUs, so the numbers measure the load generator. Failures during warm-up are counted apart and do not make a window invalid.',
    header: ['target', 'profile', 'status', 'validity (measured window)', 'failed during warm-up', 'thresholds', 'load engine CPU %'],
    rows: report.results.map((r) => [r.target, r.profile, r.status, r.validity.join(', '), String(r.warmupFailures ?? 0), r.thresholdsOk === undefined ? '–' : r.thresholdsOk ? 'passed' : 'failed', fmt(r.generatorCpuPercent)]),
  };
}

/** One line per target and profile: the headline numbers (also printed at the end of a run). */
export function summaryTable(report: RunReport): Table {
  return {
    id: 'summary',
    title: 'Summary',
    header: ['target', 'profile', 'status', 'best req/s', 'p50 ms (lowest load)', 'p99 ms (lowest load)', 'paper ms/request', 'CPU %', 'RSS MB', 'validity'],
    rows: report.results.map((r) => {
      const best = r.windows.length ? Math.max(...r.windows.map((w) => w.throughputRps)) : NaN;
      const first = r.windows[0];
      const paper = r.windows.flatMap((w) => (w.paperSeconds?.length ? [(mean(w.paperSeconds) / (w.label?.value ?? NaN)) * 1000] : []));
      return [r.target, r.profile, r.status, fmt(best), ms(first?.latency.p50), ms(first?.latency.p99), paper.length ? ms(paper[paper.length - 1]) : '–', ...(r.resources ? [fmt(r.resources.cpuPercentMean), fmt(r.resources.rssMbMean)] : r.status === 'ok' ? [NOT_MEASURED, NOT_MEASURED] : ['–', '–']), r.validity.join(', ')];
    }),
  };
}

export function reportTables(report: RunReport): Table[] {
  const cores = Number(report.environment.cores) || 1;
  return [
    summaryTable(report),
    paperTable(report),
    resourcesTable(report, cores),
    costTable(report),
    latencyTable(report),
    ...(hasArrivalResults(report) ? [arrivalTable(report)] : []),
    timingTable(report),
    validityTable(report),
  ];
}
