/**
 * The report's cost table (one row per target, profile and load level) and the one figure a
 * verdict can rank targets by: dollars per million predictions at the target's best throughput.
 */
import type { RunReport, TargetResult } from '../results/report-schema.ts';
import { DEFAULT_PRICES } from './price-table.ts';
import { fmt, type Table } from './report-tables.ts';

/** Dollars per million predictions in the window with the highest throughput that has a cost, or undefined. */
export function dollarsPerMillionAtBest(r: TargetResult): number | undefined {
  const costed = r.windows.filter((w) => w.cost);
  if (!costed.length) return undefined;
  return costed.reduce((best, w) => (w.throughputRps > best.throughputRps ? w : best)).cost?.dollarsPerMillion;
}

/** Small figures keep three significant digits (0.00123), large ones two decimals. */
const sig = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(2) : x.toPrecision(3));

export function costTable(report: RunReport): Table {
  const prices = report.prices ?? DEFAULT_PRICES;
  const rows = report.results
    .filter((r) => r.status === 'ok')
    .flatMap((r) => {
      if (!r.windows.some((w) => w.cost)) return r.costNotComputed ? [[r.target, r.profile, '–', `not computed: ${r.costNotComputed}`, '–', '–', '–', '–']] : [];
      return r.windows.map((w) => {
        const c = w.cost;
        return [r.target, r.profile, w.window, c ? String(c.predictions) : '–', fmt(w.throughputRps), sig(c?.cpuSecondsPer1k), sig(c?.gbSecondsPer1k), sig(c?.dollarsPerMillion)];
      });
    });
  return {
    id: 'cost',
    title: 'What it costs: serving-side resources per 1,000 predictions, dollars per million',
    note:
      `A prediction is one image classified (a request of batch B counts B). CPU-seconds and GB-seconds are what the target's processes used in the window (the same samples as Table 4), divided by its predictions; ` +
      `dollars per million = CPU-hours x $${prices.vcpuHour} per vCPU-hour + GB-hours x $${prices.gbHour} per GB-hour (${prices.source}). ` +
      'Used, not provisioned: an idle reserved machine costs more. `servebench report <dir> --prices file.json` (or --vcpu-hour, --gb-hour) prices it at yours.',
    header: ['target', 'profile', 'window', 'predictions', 'req/s', 'CPU-s per 1k', 'GB-s per 1k', '$ per million'],
    rows,
  };
}
