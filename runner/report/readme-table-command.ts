/**
 * `servebench readme-table <run-dir> [--readme README.md] [--print]`: the README's results table
 * from a run's report.json, written between the README's markers (or printed).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunReport } from '../results/report-schema.ts';
import { readmeTable, replaceTable } from './readme-table.ts';

const USAGE = `usage: servebench readme-table <run-dir> [--readme README.md] [--print]
  --readme <file>  the file whose results-table markers get the table (default README.md)
  --print          print the table instead of writing it`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { readme: { type: 'string', default: 'README.md' }, print: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const reportPath = join(resolve(positionals[0]), 'report.json');
  if (!existsSync(reportPath)) throw new Error(`${reportPath} does not exist: run \`servebench report ${positionals[0]}\` first`);
  const table = readmeTable(JSON.parse(readFileSync(reportPath, 'utf8')) as RunReport);
  if (values.print) {
    process.stdout.write(table);
    return 0;
  }
  const readme = resolve(values.readme);
  writeFileSync(readme, replaceTable(readFileSync(readme, 'utf8'), table));
  process.stdout.write(`${readme}: results table from ${reportPath}\n`);
  return 0;
}
