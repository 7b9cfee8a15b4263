/**
 * The README's results table, generated from a run's report.json (never typed by hand): one row
 * per target — ms per sequential request at the largest paper N, p50 at the lowest concurrency
 * level, req/s at the highest, CPU and RSS over the concurrency profile, validity — under a line
 * naming the run, machine, versions and command. `replaceTable` puts it between the README's markers.
 */
import type { RunReport, TargetResult, WindowResult } from '../results/report-schema.ts';
import { mean } from '../results/stats.ts';
import { markdownTable } from './render-markdown.ts';
import { fmt } from './report-tables.ts';

export const BEGIN_MARKER = '<!-- results-table:begin (generated: servebench readme-table <run-dir>) -->';
export const END_MARKER = '<!-- results-table:end -->';

/** A window's step value (`n=100` -> 100), from its label as data, else its name. */
const stepValue = (w: WindowResult): number => w.label?.value ?? Number(w.window.split('=')[1]);

function row(target: string, results: TargetResult[]): string[] {
  const paper = results.find((r) => r.profile === 'paper' && r.status === 'ok');
  const conc = results.find((r) => r.profile === 'concurrency' && r.status === 'ok');
  const largest = paper?.windows.filter((w) => w.paperSeconds?.length).at(-1);
  const msPerRequest = largest ? (mean(largest.paperSeconds!) / stepValue(largest)) * 1000 : undefined;
  const first = conc?.windows[0];
  const last = conc?.windows.at(-1);
  const validity = [...new Set(results.flatMap((r) => r.validity))].join(', ');
  return [`${target} (${results[0].paperRole})`, fmt(msPerRequest, 2), fmt(first?.latency.p50, 2), fmt(last?.throughputRps, 0), fmt(conc?.resources?.cpuPercentMean, 0), fmt(conc?.resources?.rssMbMean, 0), validity];
}

export function readmeTable(report: RunReport): string {
  const targets = [...new Set(report.results.map((r) => r.target))];
  const conc = report.results.find((r) => r.profile === 'concurrency' && r.status === 'ok');
  const levels = conc ? `${stepValue(conc.windows[0])} and ${stepValue(conc.windows.at(-1)!)} VUs` : 'lowest and highest VUs';
  const env = report.environment as { cpuModel?: string; cores?: number; memoryMb?: number; node?: string; loadEngine?: { name?: string; version?: string }; gitCommit?: string };
  const command = (report.settings as { commandLine?: string[] }).commandLine?.join(' ');
  const about = [
    `Run \`${report.runId}\` (${report.createdAt.slice(0, 10) || 'date unknown'}) on ${env.cores ?? '?'} × ${env.cpuModel ?? 'unknown CPU'}, ${env.memoryMb ? `${Math.round(env.memoryMb / 1024)} GiB` : '? GiB'},`,
    `Node ${env.node ?? '?'}, load engine ${env.loadEngine?.name ?? '?'} ${env.loadEngine?.version ?? ''}`.trimEnd() + `, commit ${env.gitCommit?.slice(0, 12) ?? '?'}${command ? `; command: \`${command}\`` : ''}.`,
    `p50 at the lowest and req/s at the highest concurrency level (${levels}).`,
  ].join('\n');
  const table = {
    id: 'readme-results',
    title: '',
    header: ["target (study's role)", 'ms per sequential request (`paper`, largest N)', 'p50 ms (lowest VUs)', 'req/s (highest VUs)', 'CPU % of one core (concurrency)', 'RSS MB', 'validity'],
    rows: targets.map((t) => row(t, report.results.filter((r) => r.target === t))),
  };
  return `${about}\n\n${markdownTable(table).trimEnd()}\n`;
}

/** `text` with everything between the markers replaced by `table`; an error when the markers are missing. */
export function replaceTable(text: string, table: string): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`no results-table markers (${BEGIN_MARKER} ... ${END_MARKER}) in the README`);
  return `${text.slice(0, begin + BEGIN_MARKER.length)}\n${table}${text.slice(end)}`;
}
