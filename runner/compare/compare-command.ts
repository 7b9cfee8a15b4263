/** `servebench compare <run-a> <run-b>`: per-target, per-metric differences as markdown. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunReport } from '../results/report-schema.ts';
import { readJson } from '../results/run-store.ts';
import { buildReport } from '../report/build-report.ts';
import { compareReports } from './compare-reports.ts';

/** report.json when present, else built from the raw results. */
export function loadReport(dir: string): RunReport {
  const path = join(dir, 'report.json');
  return existsSync(path) ? (readJson<RunReport>(path) as RunReport) : buildReport(dir);
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length !== 2 || argv.some((a) => a.startsWith('-'))) {
    process.stdout.write('usage: servebench compare <run-a> <run-b>\n');
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const [a, b] = argv.map((d) => loadReport(resolve(d)));
  process.stdout.write(compareReports(a, b));
  return 0;
}
