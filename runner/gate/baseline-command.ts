/**
 * `servebench baseline update --run <run-dir> [--baseline <file>]`: records the run's
 * per-repetition values as the new baseline. Never implicit: the gate only reads baselines.
 */
import { parseArgs } from 'node:util';
import { baselineFromReports, DEFAULT_BASELINE, writeBaseline } from './baseline-file.ts';
import { withInputErrors } from './cli-edge.ts';
import { EXIT, GateInputError } from './gate-errors.ts';
import { readRunReport } from './read-run.ts';

export const BASELINE_USAGE = `usage: servebench baseline update --run <run-dir> [--run <run-dir> ...] [--baseline <file>]
  --run <dir>         results/<run-id> directory (or its report.json) to record; repeat it to
                      pool several runs of the same plan (as the gate does)
  --baseline <file>   where to write it (default ${DEFAULT_BASELINE}); commit it afterwards
exit codes: 0 written, 2 usage or run error (e.g. a failed target in the run)`;

export function parseBaselineArgs(argv: string[]): { runs: string[]; baseline: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { run: { type: 'string', multiple: true }, baseline: { type: 'string', default: DEFAULT_BASELINE } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'update') throw new GateInputError(`expected "baseline update"\n${BASELINE_USAGE}`);
  if (!values.run?.length) throw new GateInputError(`--run is required\n${BASELINE_USAGE}`);
  return { runs: values.run, baseline: values.baseline };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${BASELINE_USAGE}\n`);
    return EXIT.ok;
  }
  return withInputErrors(BASELINE_USAGE, () => {
    const { runs, baseline: path } = parseBaselineArgs(argv);
    const baseline = baselineFromReports(runs.map(readRunReport), new Date());
    writeBaseline(path, baseline);
    const targets = new Set(baseline.entries.map((e) => e.target));
    process.stdout.write(`servebench: baseline ${path} written from run(s) ${baseline.sourceRunIds.join(', ')} (${baseline.entries.length} series, targets: ${[...targets].join(', ')})\n`);
    return EXIT.ok;
  });
}
