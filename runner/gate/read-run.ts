/**
 * Loads `results/<run-id>/report.json` (or a report.json path) and checks the parts the
 * gate reads, so a truncated or foreign file fails with a clear message, not a TypeError.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../results/report-schema.ts';
import { GateInputError } from './gate-errors.ts';
import { isPositiveNumber, isRecord, readJsonFile } from './json-file.ts';

const FIX = 'Point --run at a results/<run-id> directory written by `servebench run` (it holds report.json).';

export function reportPath(run: string): string {
  try {
    return statSync(run).isDirectory() ? join(run, 'report.json') : run;
  } catch {
    return run.endsWith('.json') ? run : join(run, 'report.json');
  }
}

function problem(report: unknown): string | undefined {
  if (!isRecord(report)) return 'the top level is not an object';
  if (typeof report.runId !== 'string') return '"runId" is missing';
  if (!Array.isArray(report.results)) return '"results" is not an array';
  for (const [i, t] of report.results.entries()) {
    const at = `results[${i}]`;
    if (!isRecord(t) || typeof t.target !== 'string' || typeof t.profile !== 'string') return `${at} lacks "target"/"profile"`;
    if (t.status !== 'ok') continue;
    if (!Array.isArray(t.windows)) return `${at}.windows is not an array`;
    for (const [j, w] of t.windows.entries()) {
      const wat = `${at}.windows[${j}]`;
      if (!isRecord(w) || typeof w.window !== 'string') return `${wat} lacks "window"`;
      if (!isPositiveNumber(w.throughputRps)) return `${wat}.throughputRps is not a number >= 0`;
      if (!isRecord(w.latency) || !['p50', 'p95', 'p99'].every((k) => isPositiveNumber((w.latency as Record<string, unknown>)[k]))) {
        return `${wat}.latency lacks p50/p95/p99`;
      }
      if (w.repetitions !== undefined && !Array.isArray(w.repetitions)) return `${wat}.repetitions is not an array`;
    }
  }
  return undefined;
}

export function readRunReport(run: string): RunReport {
  const path = reportPath(run);
  const report = readJsonFile(path, 'run report', FIX);
  const bad = problem(report);
  if (bad) throw new GateInputError(`run report "${path}" is not a servebench report.json: ${bad}.\n${FIX}`);
  return report as RunReport;
}
