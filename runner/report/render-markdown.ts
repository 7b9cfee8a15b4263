/** report.md: the verdict and the charts that show it, the run's settings, machine and versions, the tables, failures with their log tails. */
import type { RunReport } from '../results/report-schema.ts';
import { PAPER_MACHINE } from './paper-figures.ts';
import type { Table } from './report-tables.ts';
import type { Verdict } from './verdict.ts';

/** Where report.md's charts are written, relative to it. */
export const chartFile = (id: string) => `charts/${id}.svg`;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(t: Table): string {
  const head = `| ${t.header.map(cell).join(' | ')} |\n| ${t.header.map(() => '---').join(' | ')} |`;
  const body = t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
  return `${head}${body ? `\n${body}` : ''}`;
}

export function markdownSection(t: Table): string {
  return `## ${t.title}\n\n${t.note ? `${t.note}\n\n` : ''}${t.rows.length ? markdownTable(t) : '_no results_'}\n`;
}

/** The engine that ran the scenarios (older runs recorded only a k6 version). */
function loadEngine(e: Record<string, unknown>): string {
  const le = e.loadEngine as { name?: string; version?: string } | undefined;
  if (le?.name) return `${le.name === 'builtin' ? 'built-in' : le.name} (${le.version ?? '?'})`;
  return typeof e.k6 === 'string' ? e.k6 : '?';
}

export function environmentLines(report: RunReport): string[] {
  const e = report.environment;
  const engines = Object.entries((e.engines ?? {}) as Record<string, string | undefined>)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `- machine: ${e.cpuModel ?? '?'}, ${e.cores ?? '?'} cores, ${e.memoryMb ?? '?'} MB, ${e.os ?? '?'}`,
    `- load engine: ${loadEngine(e)}`,
    `- versions: Node ${e.node ?? '?'}, ${engines || 'engines ?'}`,
    `- commit: ${e.gitCommit ?? '?'}${e.gitDirty ? ' (with uncommitted changes)' : ''}`,
    `- command: \`${((e.commandLine ?? []) as string[]).join(' ')}\``,
    `- the study: ${PAPER_MACHINE}`,
  ];
}

/** ", batching up to N images" when the run's model servers batched requests. */
function batchingNote(batching: unknown): string {
  const b = batching as { maxBatchSize?: number; timeoutMicros?: number } | undefined;
  return b?.maxBatchSize ? `, server-side batching up to ${b.maxBatchSize} images (timeout ${b.timeoutMicros ?? 0} µs)` : '';
}

/** The verdict as a markdown section (also printed at the end of a run, in summary.md). */
export function verdictMarkdown(verdict: Verdict): string {
  const excluded = verdict.excluded.map((e) => `${e.target} (${e.profile}): ${e.why}`).join('; ');
  return [
    '## Verdict',
    '',
    ...verdict.lines.map((l) => `- ${l.text}${l.basis ? ` _(${l.basis})_` : ''}`),
    ...(excluded ? ['', `Not judged: ${excluded}.`] : []),
    '',
  ].join('\n');
}

/** The verdict, then the charts that show it (SVG files beside report.md). */
function verdictLines(verdict: Verdict, charts: { id: string; title: string }[]): string[] {
  return [
    verdictMarkdown(verdict),
    '## What shows it',
    '',
    ...(charts.length ? charts.map((c) => `![${c.title}](${chartFile(c.id)})\n`) : ['_no data to chart_\n']),
  ];
}

export function renderMarkdown(report: RunReport, tables: Table[], verdict: Verdict, verdictCharts: { id: string; title: string }[]): string {
  const s = report.settings;
  const failures = report.results.filter((r) => r.failure);
  const parts = [
    `# servebench run ${report.runId}`,
    '',
    ...verdictLines(verdict, verdictCharts),
    '## The run',
    '',
    `Targets: ${(s.targets as string[]).join(', ')}. Profiles: ${(s.profiles as string[]).join(', ')}. Engine ${String(s.engine)}, ${String(s.threads)} thread(s), ${String(s.workers)} worker(s)${batchingNote(s.batching)}.`,
    '',
    ...environmentLines(report),
    '',
    ...tables.map(markdownSection),
  ];
  if (failures.length) {
    parts.push('## Failed targets\n');
    for (const f of failures) parts.push(`### ${f.target} (${f.profile})\n\n${f.failure!.reason}\n\n\`\`\`\n${f.failure!.logTail}\n\`\`\`\n`);
  }
  return `${parts.join('\n')}\n`;
}
