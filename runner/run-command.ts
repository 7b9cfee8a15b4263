/** `servebench run`: reproduces the study end to end and writes the side-by-side report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeRun } from './run/execute-run.ts';
import { RUN_USAGE, parseRunArgs } from './run/run-options.ts';

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${RUN_USAGE}\n`);
    return 0;
  }
  const settings = parseRunArgs(argv);
  const result = await executeRun(settings);
  process.stdout.write(`\n${readFileSync(join(result.runDir, 'summary.md'), 'utf8')}\n`);
  process.stdout.write(`results: ${result.runDir}\n  report.md  report.html  report.json\n`);
  if (result.interrupted) return 130;
  return result.statuses.some((s) => s.status === 'failed' || s.status === 'invalid') ? 1 : 0;
}
