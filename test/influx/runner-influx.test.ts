/**
 * `servebench run --influx` end to end on a real influxd: k6's samples and the runner's resource
 * samples land in one database under the run's tags; when influxd dies mid-run, or nothing
 * listens at the --influx URL at all, the run still finishes with a warning and every local result.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../runner/runtimes/free-port.ts';
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

const smokeRun = (out: string, runId: string, extra: string[] = [], url = `${influx.url}/${DB}`) => [
  'run', '--targets', 'null', '--profiles', 'smoke', '--duration', '3s', '--out', out, '--run-id', runId, '--influx', url, ...extra,
];

/** The run's local results are complete: report files, and the null target measured. */
function assertLocalResults(runDir: string): void {
  const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8'));
  assert.equal(report.results[0].status, 'ok');
  assert.ok(report.results[0].windows[0].requests > 0, 'the local results hold the measured requests');
  for (const f of ['report.md', 'report.html']) assert.ok(existsSync(join(runDir, f)), f);
}

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
  assertLocalResults(join(out, 'influx-dies'));
});

test('--influx at an address nobody listens on: a warning naming it, nothing written, the run completes', async () => {
  const out = tempResults();
  const url = `http://127.0.0.1:${await freePort()}/${DB}`;
  const r = await runCli(smokeRun(out, 'influx-unreachable', [], url));
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /InfluxDB at http:\/\/127\.0\.0\.1:\d+\/servebench is not reachable/);
  const sink = JSON.parse(readFileSync(join(out, 'influx-unreachable', 'influx.json'), 'utf8'));
  assert.ok(sink.written === 0 && sink.dropped > 0, `resource points dropped, none written: ${JSON.stringify(sink)}`);
  const engineLog = readFileSync(join(out, 'influx-unreachable', 'targets', 'null', 'smoke', 'load.log'), 'utf8');
  assert.match(engineLog, /InfluxDB at http:\/\/127\.0\.0\.1:\d+ could not be reached/, 'the engine warns too');
  assert.match(engineLog, /output influxdb: [1-9]\d* samples dropped, 0 written/);
  assertLocalResults(join(out, 'influx-unreachable'));
});
