/** `servebench report <run-dir> [--prices FILE] [--vcpu-hour $] [--gb-hour $]`: regenerates report.md / report.html / report.json from raw results. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { priceTableFrom } from './price-flags.ts';
import { writeReports } from './write-reports.ts';

const USAGE = `usage: servebench report <run-dir> [--prices FILE] [--vcpu-hour DOLLARS] [--gb-hour DOLLARS]
  --prices FILE       {"vcpuHour": 0.05, "gbHour": 0.005, "source": "..."} for the cost table's dollars per million
  --vcpu-hour, --gb-hour  one price over the file's (or the default's: AWS Fargate on-demand us-east-1, as an example)
`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { prices: { type: 'string' }, 'vcpu-hour': { type: 'string' }, 'gb-hour': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const dir = resolve(positionals[0]);
  const prices = priceTableFrom({ prices: values.prices, vcpuHour: values['vcpu-hour'], gbHour: values['gb-hour'] });
  const report = await writeReports(dir, prices);
  process.stdout.write(`${dir}: report.md, report.html, report.json (${report.results.length} results)\n`);
  return 0;
}
