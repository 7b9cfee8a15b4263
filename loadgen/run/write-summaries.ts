/**
 * The end of a test: handleSummary(data) in the script's main runtime, its returned files
 * written as k6 writes them (`stdout`, `stderr`, or a path), else k6's text summary on stdout;
 * and --summary-export. Returns an exit code (107 when handleSummary throws).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildSummaryExport, textSummary } from '../metrics/summary.ts';
import type { TestOptions } from '../options/test-options.ts';
import { EXIT } from './exit-codes.ts';
import type { OptionsRuntime } from './options-runtime.ts';
import type { TestRunResult } from './test-run.ts';

export interface SummaryJob {
  result: TestRunResult;
  init: OptionsRuntime;
  options: TestOptions;
  noSummary: boolean;
  summaryExport?: string;
  write(path: string, data: string | Uint8Array): void;
}

function asBytes(v: unknown): string | Uint8Array {
  if (typeof v === 'string') return v;
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v && typeof (v as ArrayBuffer).byteLength === 'number') return new Uint8Array(v as ArrayBuffer);
  return JSON.stringify(v);
}

export async function writeSummaries(job: SummaryJob): Promise<number> {
  const { result, init, options } = job;
  const data = result.aggregator.summaryData({ summaryTrendStats: options.summaryTrendStats, summaryTimeUnit: options.summaryTimeUnit, testRunDurationMs: result.testRunDurationMs });
  if (job.summaryExport) {
    mkdirSync(dirname(job.summaryExport), { recursive: true });
    job.write(job.summaryExport, JSON.stringify(buildSummaryExport(data), null, 2));
  }
  if (job.noSummary) return EXIT.ok;
  const handle = init.runtime.exports.handleSummary;
  if (typeof handle !== 'function') {
    process.stdout.write(`${textSummary(data, { thresholds: result.aggregator.thresholds })}\n`);
    return EXIT.ok;
  }
  init.state.phase = 'summary';
  let files: unknown;
  try {
    files = (handle as (d: unknown) => unknown)(init.runtime.parseJson(JSON.stringify(data)));
    if (files && typeof (files as Promise<unknown>).then === 'function') files = await files;
  } catch (err) {
    process.stderr.write(`ERRO handleSummary failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.stdout.write(`${textSummary(data, { thresholds: result.aggregator.thresholds })}\n`);
    return EXIT.scriptException;
  }
  for (const [where, content] of Object.entries((files ?? {}) as Record<string, unknown>)) {
    const bytes = asBytes(content);
    if (where === 'stdout') process.stdout.write(bytes);
    else if (where === 'stderr') process.stderr.write(bytes);
    else {
      const path = resolve(where);
      mkdirSync(dirname(path), { recursive: true });
      job.write(path, bytes);
    }
  }
  return EXIT.ok;
}
