/**
 * `servebench run --influx` end to end on a real influxd: k6's samples and the runner's resource
 * samples land in one database under the run's tags; and when influxd dies mid-run the run still
 * finishes with a warning and every local result.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { runCli, startCli, tempResults } from '../runner/run-helpers.ts';

const DB = 'servebench';
let influx: Influxd;

before(async () => {
  influx = await startInfluxd();
});
after(() => influx?.stop());

async function query(q: string): Promise<{ columns: string[]; values: unknown[][] }[]> {
  const res = await fetch(`${influx.url}/query?db=${DB}&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results: { series?: { columns: string[]; values: unknown[][] }[] }[] };
  return body.results[0].series ?? [];
}

const smokeRun = (out: string, runId: string, extra: string[] = []) => [
  'run', '--targets', 'null', '--profiles', 'smoke', '--duration', '3s', '--out', out, '--run-id', runId, '--influx', `${influx.url}/${DB}`, ...extra,
];

test('k6 metrics and cAdvisor-named resource samples arrive tagged with the run', async () => {
  const out = tempResults();
  const r = await runCli(smokeRun(out, 'influx-ok'));
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const reqs = await query(`SELECT count("value") FROM "http_reqs" WHERE "run_id" = 'influx-ok' AND "target" = 'null' AND "profile" = 'smoke'`);
  assert.ok(Number(reqs[0]?.values[0][1]) > 0, 'k6 wrote http_reqs tagged run_id/target/profile');
  for (const m of ['cpu_usage_total', 'memory_usage', 'memory_working_set']) {
    const rows = await query(`SELECT count("value") FROM "${m}" WHERE "run_id" = 'influx-ok' AND "container_name" = 'null'`);
    assert.ok(Number(rows[0]?.values[0][1]) > 0, `runner wrote ${m} for container_name=null`);
  }
  assert.ok(existsSync(join(out, 'influx-ok', 'report.json')));
});

test('influxd stopped mid-run: a warning, the run completes, local results are all there', async () => {
  const out = tempResults();
  const run = startCli(smokeRun(out, 'influx-dies', ['--duration', '6s']));
  // Stop influxd once k6 is under way (the live status line names the smoke step).
  while (!/null smoke/.test(run.stdout()) && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  await influx.stop();
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /InfluxDB write to .* failed/, 'the run warns about InfluxDB');
  const sink = JSON.parse(readFileSync(join(out, 'influx-dies', 'influx.json'), 'utf8'));
  assert.ok(sink.dropped > 0, `dropped points are counted: ${JSON.stringify(sink)}`);
  const report = JSON.parse(readFileSync(join(out, 'influx-dies', 'report.json'), 'utf8'));
  assert.equal(report.results[0].status, 'ok');
  assert.ok(report.results[0].windows[0].requests > 0, 'the local results hold the measured requests');
  for (const f of ['report.md', 'report.html']) assert.ok(existsSync(join(out, 'influx-dies', f)), f);
});
