/**
 * `servebench gate --run <run-dir>`: compares a run with the stored baseline, prints a
 * markdown summary, optionally writes JUnit XML and the summary to files, and exits
 * 0 (no regression), 1 (regression or failed target) or 2 (usage / run / baseline error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BASELINE, readBaseline } from './baseline-file.ts';
import { ESTIMATORS, type Estimator } from './bootstrap.ts';
import { fraction, wholeNumber, withInputErrors } from './cli-edge.ts';
import { DEFAULT_GATE_SETTINGS, gate, type GateSettings } from './compare.ts';
import { EXIT, GateInputError } from './gate-errors.ts';
import { junitXml } from './junit-xml.ts';
import { markdownSummary } from './markdown-summary.ts';
import { extractSeries, mergeRuns } from './metrics.ts';
import { readRunReport } from './read-run.ts';

const D = DEFAULT_GATE_SETTINGS;
export const GATE_USAGE = `usage: servebench gate --run <run-dir> [options]
  --run <dir>           results/<run-id> directory (or its report.json); repeat it to pool
                        several runs of the same plan (each run then counts as repetitions)
  --baseline <file>     baseline to compare with (default ${DEFAULT_BASELINE})
  --min-effect <frac>   smallest relative change that can fail (default ${D.minEffect} = ${D.minEffect * 100}%)
  --confidence <level>  confidence of the bootstrap interval (default ${D.confidence})
  --statistic <name>    ${ESTIMATORS.join(' | ')} of the repetitions (default ${D.estimator})
  --resamples <n>       bootstrap resamples (default ${D.resamples})
  --seed <n>            PRNG seed; same inputs + seed = same verdict (default ${D.seed})
  --junit <file>        write JUnit XML (one testcase per target x window x metric)
  --summary <file>      write the markdown summary to this file too
exit codes: 0 no regression, 1 regression or failed target, 2 usage, run or baseline error`;

export interface GateOptions {
  runs: string[];
  baseline: string;
  junit?: string;
  summary?: string;
  settings: GateSettings;
}

export function parseGateArgs(argv: string[]): GateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      run: { type: 'string', multiple: true },
      baseline: { type: 'string', default: DEFAULT_BASELINE },
      'min-effect': { type: 'string', default: String(D.minEffect) },
      confidence: { type: 'string', default: String(D.confidence) },
      statistic: { type: 'string', default: D.estimator },
      resamples: { type: 'string', default: String(D.resamples) },
      seed: { type: 'string', default: String(D.seed) },
      junit: { type: 'string' },
      summary: { type: 'string' },
    },
  });
  if (!values.run?.length) throw new GateInputError(`--run is required\n${GATE_USAGE}`);
  if (!ESTIMATORS.includes(values.statistic as Estimator)) throw new GateInputError(`--statistic must be one of ${ESTIMATORS.join(', ')}, got "${values.statistic}"`);
  return {
    runs: values.run,
    baseline: values.baseline,
    junit: values.junit,
    summary: values.summary,
    settings: {
      minEffect: fraction('--min-effect', values['min-effect'], 0, 10),
      confidence: fraction('--confidence', values.confidence, 0, 1),
      estimator: values.statistic as Estimator,
      resamples: wholeNumber('--resamples', values.resamples, 100),
      seed: wholeNumber('--seed', values.seed, 0),
    },
  };
}

function writeOut(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function runGate(o: GateOptions): { code: number; markdown: string; junit: string } {
  const reports = o.runs.map(readRunReport);
  const baseline = readBaseline(o.baseline);
  const result = gate(baseline, mergeRuns(reports.map(extractSeries)), o.settings);
  const runId = reports.map((r) => r.runId).join(', ');
  const markdown = markdownSummary({ runId, baselinePath: o.baseline, baseline, settings: o.settings, result });
  const junit = junitXml(result);
  return { code: result.failed ? EXIT.regression : EXIT.ok, markdown, junit };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${GATE_USAGE}\n`);
    return EXIT.ok;
  }
  return withInputErrors(GATE_USAGE, () => {
    const options = parseGateArgs(argv);
    const { code, markdown, junit } = runGate(options);
    process.stdout.write(markdown);
    if (options.summary) writeOut(options.summary, markdown);
    if (options.junit) writeOut(options.junit, junit);
    return code;
  });
}
