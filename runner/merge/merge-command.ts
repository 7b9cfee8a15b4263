/**
 * `servebench merge <file|dir> …`: combines the instance results of one split test
 * (`servebench load --result-out`) into one report: the text summary on stdout, and on request
 * the handleSummary-shaped JSON (`--json`), the text (`--text`) and k6's --summary-export shape.
 * Exits 99 when a threshold fails on the merged data, 2 on bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSummaryExport } from '../../loadgen/metrics/summary.ts';
import { mergeResults, MergeError } from '../../loadgen/merge/merge-results.ts';
import { readResults, ResultReadError } from '../../loadgen/merge/read-results.ts';
import { mergedText } from './merge-text.ts';

export const MERGE_USAGE = `usage: servebench merge [options] <result file|dir> ...

Merges the results of one test split across instances (servebench load --result-out FILE, or a
pod log of --result-out -): counts summed, trends merged from their histograms, checks and
thresholds evaluated on the merged data. Prints the text summary; exits 99 if a threshold fails.
  --json FILE               the merged handleSummary data (plus "cluster": instances, clock skew)
  --text FILE               the text report (also printed on stdout unless --quiet)
  --summary-export FILE     k6's --summary-export shape of the merged data
  --summary-trend-stats a,b trend stats (default: the instances')
  -q, --quiet               print nothing on stdout
`;

function write(path: string, text: string): void {
  const p = resolve(path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        text: { type: 'string' },
        'summary-export': { type: 'string' },
        'summary-trend-stats': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`servebench merge: ${(err as Error).message}\n\n${MERGE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(MERGE_USAGE);
    return 0;
  }
  if (!positionals.length) {
    process.stderr.write(`servebench merge: no result files or directories given\n\n${MERGE_USAGE}`);
    return 2;
  }
  let merged;
  try {
    const stats = values['summary-trend-stats']?.split(',').map((s) => s.trim()).filter(Boolean);
    merged = mergeResults(readResults(positionals).map((r) => r.result), { summaryTrendStats: stats });
  } catch (err) {
    if (err instanceof ResultReadError || err instanceof MergeError) {
      process.stderr.write(`servebench merge: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const text = mergedText(merged);
  if (values.json) write(values.json, JSON.stringify(merged.data, null, 2));
  if (values.text) write(values.text, text);
  if (values['summary-export']) write(values['summary-export'], JSON.stringify(buildSummaryExport(merged.data), null, 2));
  if (!values.quiet) process.stdout.write(text);
  if (merged.failed.length) {
    process.stderr.write(`ERRO thresholds crossed on the merged data: ${merged.failed.join('; ')}\n`);
    return 99;
  }
  return 0;
}
