/**
 * Writes grafana/dashboards/*.json from the TypeScript (Grafana's foundation SDK).
 *   npx tsx grafana/src/generate.ts                write the files
 *   npx tsx grafana/src/generate.ts --check        exit 1 if a committed file differs from the generator
 *   ... --dir <path>                               another directory (tests check a copy)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DASHBOARDS, renderDashboard } from './dashboards.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

async function main(check: boolean, dir: string): Promise<number> {
  let stale = 0;
  for (const { file, build } of DASHBOARDS) {
    const path = join(dir, file);
    const text = renderDashboard(build());
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`${path} is out of date: run npm run grafana`);
        stale++;
      }
    } else {
      await writeFile(path, text);
      console.log(`wrote ${path}`);
    }
  }
  return stale ? 1 : 0;
}

let args;
try {
  args = parseArgs({ options: { check: { type: 'boolean', default: false }, dir: { type: 'string', default: DASHBOARD_DIR } }, strict: true }).values;
} catch (err) {
  console.error(`${(err as Error).message} (usage: generate.ts [--check] [--dir <path>])`);
  process.exit(2);
}
process.exitCode = await main(args.check, args.dir);
