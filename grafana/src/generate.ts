/**
 * Writes grafana/dashboards/*.json from the TypeScript specs.
 *   npx tsx grafana/src/generate.ts          write the files
 *   npx tsx grafana/src/generate.ts --check  exit 1 if a committed file differs from the generator
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, renderDashboard } from './dashboards.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

async function main(check: boolean): Promise<number> {
  let stale = 0;
  for (const { file, spec } of DASHBOARDS) {
    const path = DASHBOARD_DIR + file;
    const text = renderDashboard(spec);
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`grafana/dashboards/${file} is out of date: run npx tsx grafana/src/generate.ts`);
        stale++;
      }
    } else {
      await writeFile(path, text);
      console.log(`wrote grafana/dashboards/${file}`);
    }
  }
  return stale ? 1 : 0;
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length) {
  console.error(`unknown argument(s): ${unknown.join(' ')} (usage: generate.ts [--check])`);
  process.exit(2);
}
process.exitCode = await main(args.includes('--check'));
