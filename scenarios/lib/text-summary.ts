/**
 * A compact end-of-test text summary (k6 prints none of its own once handleSummary exists):
 * thresholds, checks, the main timings, and the per-step / paper / peak tables.
 */
import type { Config } from './config.ts';
import type { Extras, StepRow, SummaryData } from './step-report.ts';
import { SERVER_TIMING_METRICS } from './server-timing.ts';
import { latencyMetric } from './thresholds.ts';

const f = (v: number | undefined, digits = 2): string => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const pct = (v: number | undefined): string => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), ...rows.map(line)];
}

function trendLine(d: SummaryData, metric: string): string | null {
  const v = d.metrics[metric]?.values;
  if (!v) return null;
  return `  ${metric.padEnd(36)} avg=${f(v.avg)}ms p50=${f(v.med)}ms p95=${f(v['p(95)'])}ms p99=${f(v['p(99)'])}ms max=${f(v.max)}ms n=${v.count ?? '-'}`;
}

function stepTable(rows: StepRow[]): string[] {
  return table(
    ['step', 'requests', 'req/s', 'avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'checks', 'dropped', 'infer ms'],
    rows.map((r) => [r.step, String(r.requests), f(r.throughput, 1), f(r.avgMs), f(r.p50Ms), f(r.p95Ms), f(r.p99Ms), pct(r.checkRate), r.dropped === undefined ? '-' : String(r.dropped), f(r.inferMs)]),
  );
}

export function textSummary(d: SummaryData, config: Config, extras: Extras): string {
  const out: string[] = ['', `servebench  target=${config.target}  profile=${config.profile}  run_id=${config.runId}  address=${config.address}`, ''];
  out.push('thresholds');
  for (const [name, m] of Object.entries(d.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) out.push(`  ${t.ok ? 'ok  ' : 'FAIL'} ${name} ${expr}`);
  }
  out.push('', 'checks');
  for (const c of d.root_group?.checks ?? []) out.push(`  ${c.fails === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${c.passes} passed, ${c.fails} failed`);
  out.push('', 'timings (measured window)');
  for (const metric of [latencyMetric(config), ...SERVER_TIMING_METRICS]) {
    const line = trendLine(d, `${metric}{phase:measure}`);
    if (line && d.metrics[`${metric}{phase:measure}`].values.count) out.push(line);
  }
  if (extras.steps?.length) out.push('', 'per step', ...stepTable(extras.steps));
  if (extras.paper) {
    out.push('', 'paper protocol: seconds for N sequential requests (mean over repetitions)');
    out.push(...table(['N', 'seconds', 'ms/request', 'repetitions'], extras.paper.map((p) => [String(p.n), f(p.meanSeconds, 3), f(p.perRequestMs, 3), String(p.repetitions.length)])));
  }
  if (extras.peak) {
    const p = extras.peak;
    out.push('', `peak: highest rate holding p99 <= ${p.budgetMs} ms: ${p.sustainedRate === null ? 'none' : `${p.sustainedRate} req/s`}`);
  }
  const duration = d.state?.testRunDurationMs;
  out.push('', `duration ${f(duration === undefined ? undefined : duration / 1000, 1)} s`, '');
  return out.join('\n');
}
