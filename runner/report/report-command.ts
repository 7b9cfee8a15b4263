/** `servebench report <run-dir>`: regenerates report.md / report.html / report.json from raw results. */
import { resolve } from 'node:path';
import { writeReports } from './write-reports.ts';

export async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stdout.write('usage: servebench report <run-dir>\n');
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const dir = resolve(argv[0]);
  const report = await writeReports(dir);
  process.stdout.write(`${dir}: report.md, report.html, report.json (${report.results.length} results)\n`);
  return 0;
}
