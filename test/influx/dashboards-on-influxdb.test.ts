/**
 * Every dashboard query, proven on a real InfluxDB: a real `servebench run --influx` (k6 with
 * `--out influxdb` against the null target, plus the runner's resource samples under cAdvisor's
 * names), then every panel and template-variable query of the committed dashboards runs with
 * Grafana's variables expanded (single values and the multi-value regex form) and must return
 * data with the expected columns.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { dashboardQueries, expandQuery, groupByTags, selectedColumns, type Expansion } from '../../grafana/src/dashboard-queries.ts';
import { DASHBOARDS } from '../../grafana/src/dashboards.ts';
import { InfluxDB } from 'influx';
import type { InfluxSinkReport } from '../../runner/influx/influx-sink.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { runCli, tempResults } from '../runner/run-helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DB = 'servebench';
const RUN_ID = 'influx-test-run';
const TARGET = 'null';
const PROFILE = 'concurrency';

interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

async function influxQuery(url: string, db: string, q: string): Promise<Series[]> {
  const res = await fetch(`${url}/query?db=${db}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { error?: string; results?: { error?: string; series?: Series[] }[] };
  const error = body.error ?? body.results?.[0]?.error;
  if (!res.ok || error) throw new Error(`InfluxDB rejected ${q}: ${error ?? res.status}`);
  return body.results?.[0]?.series ?? [];
}

/** Every query of the panel with this title, from each committed dashboard that has it. */
async function panelQueries(title: string) {
  const all = await Promise.all(DASHBOARDS.map(async ({ file }) => dashboardQueries(JSON.parse(await readFile(`${ROOT}grafana/dashboards/${file}`, 'utf8')))));
  return all.flat().filter((q) => q.where.startsWith(`panel "${title}" `));
}

const EXPANSIONS: Record<string, Expansion> = {
  'single values': { timeFilter: 'time > now() - 1h', intervalMs: 1000, variables: { run_id: [RUN_ID], target: [TARGET] } },
  'multi-value regex': { timeFilter: 'time > now() - 1h', intervalMs: 1000, variables: { run_id: [RUN_ID, 'another-run'], target: [TARGET, 'gateway:fastify'] } },
};

describe('dashboards on a real InfluxDB fed by servebench run --influx', () => {
  let influxd: Influxd;
  let report: InfluxSinkReport;

  before(async () => {
    influxd = await startInfluxd();
    const out = tempResults();
    const run = await runCli([
      'run', '--targets', TARGET, '--profiles', PROFILE, '--levels', '1,2', '--step-duration', '2s', '--warmup', '1s',
      '--out', out, '--run-id', RUN_ID, '--influx', `${influxd.url}/${DB}`,
    ]);
    assert.equal(run.code, 0, run.stderr + run.stdout.slice(-2000));
    report = JSON.parse(await readFile(join(out, RUN_ID, 'influx.json'), 'utf8'));
  });

  after(async () => {
    await influxd?.stop();
  });

  test('the sink wrote every resource sample', () => {
    assert.ok(report.written > 0, JSON.stringify(report));
    assert.deepEqual({ dropped: report.dropped, warnings: report.warnings }, { dropped: 0, warnings: [] });
  });

  test('k6 and the sink wrote the measurements the dashboards read, tagged with the run', async () => {
    const names = (await influxQuery(influxd.url, DB, 'SHOW MEASUREMENTS'))[0].values.map((v) => v[0]);
    for (const m of ['http_reqs', 'http_req_duration', 'http_req_failed', 'checks', 'vus', 'server_decode', 'server_infer', 'server_encode', 'cpu_usage_total', 'memory_usage', 'memory_working_set']) {
      assert.ok(names.includes(m), `measurement ${m} missing; have ${names.join(', ')}`);
    }
    const tags = await influxQuery(influxd.url, DB, `SHOW TAG VALUES FROM "http_reqs" WITH KEY IN ("run_id", "target", "profile")`);
    assert.deepEqual(tags[0].values, [['profile', PROFILE], ['run_id', RUN_ID], ['target', TARGET]]);
  });

  for (const { file } of DASHBOARDS) {
    for (const [label, expansion] of Object.entries(EXPANSIONS)) {
      test(`${file}: every query returns data (${label})`, async (t) => {
        const dashboard: unknown = JSON.parse(await readFile(`${ROOT}grafana/dashboards/${file}`, 'utf8'));
        const queries = dashboardQueries(dashboard);
        assert.ok(queries.filter((q) => q.kind === 'panel').length >= 8, 'too few panel queries found');
        for (const q of queries) {
          await t.test(q.where, async () => {
            const sql = expandQuery(q.query, expansion);
            const series = await influxQuery(influxd.url, DB, sql);
            assert.ok(series.length > 0, `no data for ${sql}`);
            if (q.kind === 'variable') {
              assert.deepEqual(series[0].columns, ['key', 'value']);
              const values = series.flatMap((s) => s.values.map((v) => v[1]));
              assert.ok(values.includes(q.where.endsWith('run_id') ? RUN_ID : TARGET), `${sql} -> ${JSON.stringify(values)}`);
              return;
            }
            const columns = ['time', ...selectedColumns(sql)];
            for (const s of series) {
              assert.deepEqual(s.columns, columns, sql);
              for (const tag of groupByTags(sql)) assert.ok(s.tags && tag in s.tags, `series without tag ${tag}: ${sql}`);
              const label = s.tags?.target ?? s.tags?.container_name;
              assert.equal(label, TARGET, sql);
            }
            const numbers = series.flatMap((s) => s.values.flatMap((row) => row.slice(1))).filter((v): v is number => typeof v === 'number');
            assert.ok(numbers.length > 0 && numbers.every(Number.isFinite), `no numbers from ${sql}`);
          });
        }
      });
    }
  }

  test('request rate, target CPU and load generator CPU panels measure something (not just zeros)', async () => {
    for (const title of ['Requests per second', 'CPU (targets)', 'CPU (load generator)']) {
      const [query] = await panelQueries(title);
      assert.ok(query, title);
      const series = await influxQuery(influxd.url, DB, expandQuery(query.query, EXPANSIONS['single values']));
      const max = Math.max(...series.flatMap((s) => s.values.map((v) => Number(v[1] ?? 0))));
      assert.ok(max > 0, `${title}: max ${max}`);
    }
  });

  test('the comparison table leaves the warm-up out: its request count is the measured phase only', async () => {
    const [requests] = await panelQueries('Side by side over the selected time range (measured window)');
    const [table] = await influxQuery(influxd.url, DB, expandQuery(requests.query, EXPANSIONS['single values']));
    const count = (phase: string) =>
      influxQuery(influxd.url, DB, `SELECT count("value") FROM "http_req_duration" WHERE "run_id" = '${RUN_ID}' ${phase}`).then((s) => Number(s[0].values[0][1]));
    const [all, measured] = [await count(''), await count(`AND "phase" = 'measure'`)];
    assert.ok(measured > 0 && all > measured, `the run has warm-up requests: ${all} in all, ${measured} measured`);
    assert.equal(table.values[0][table.columns.indexOf('requests')], measured);
  });

  test('the runner tags its resource points warmup, then measure; the comparison CPU and memory panels leave the warm-up out', async () => {
    const phases = await influxQuery(influxd.url, DB, `SELECT count("value") FROM "memory_usage" WHERE "run_id" = '${RUN_ID}' AND "role" = 'target' GROUP BY "phase"`);
    const byPhase = Object.fromEntries(phases.map((s) => [s.tags?.phase ?? '', Number(s.values[0][1])]));
    assert.ok(byPhase.warmup > 0 && byPhase.measure > 0, `warm-up and measured samples: ${JSON.stringify(byPhase)}`);
    const firstMeasured = await influxQuery(influxd.url, DB, `SELECT first("value") FROM "memory_usage" WHERE "run_id" = '${RUN_ID}' AND "phase" = 'measure'`);
    const lastWarmup = await influxQuery(influxd.url, DB, `SELECT last("value") FROM "memory_usage" WHERE "run_id" = '${RUN_ID}' AND "phase" = 'warmup'`);
    assert.ok(Number(lastWarmup[0].values[0][0]) < Number(firstMeasured[0].values[0][0]), 'warm-up samples all come before the measured ones');
    const comparison = dashboardQueries(JSON.parse(await readFile(`${ROOT}grafana/dashboards/architecture-comparison.json`, 'utf8')));
    const memoryQuery = comparison.find((q) => q.where.startsWith('panel "Memory (targets)" '))!;
    assert.match(memoryQuery.query, /FROM "memory_usage"/);
    const shown = await influxQuery(influxd.url, DB, expandQuery(memoryQuery.query.replace(/GROUP BY time\([^)]*\)/, 'GROUP BY time(1h)').replace(/max\("value"\)/, 'count("value")'), EXPANSIONS['single values']));
    const counted = shown.flatMap((s) => s.values.map((v) => Number(v[1] ?? 0))).reduce((a, b) => a + b, 0);
    assert.equal(counted, byPhase.measure, 'the comparison memory panel reads the measured samples only');
  });

  test('resource panels also read cAdvisor\'s own points (container_name, machine, no run_id, no role)', async () => {
    const db = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database: 'cadvisor' });
    await db.createDatabase('cadvisor');
    const now = Date.now();
    const tags = { container_name: TARGET, machine: 'docker-host' };
    // Compose's load service as cAdvisor writes it: its container labels become tags.
    const loadTags = { container_name: 'servebench-load-run-1a2b', machine: 'docker-host', 'com.docker.compose.service': 'load' };
    await db.writePoints(
      [0, 1, 2, 3].flatMap((i) => [
        { measurement: 'cpu_usage_total', tags, fields: { value: 5e8 * i }, timestamp: new Date(now - 4000 + i * 1000) },
        { measurement: 'memory_usage', tags, fields: { value: 2e8 }, timestamp: new Date(now - 4000 + i * 1000) },
        { measurement: 'memory_working_set', tags, fields: { value: 1e8 }, timestamp: new Date(now - 4000 + i * 1000) },
        { measurement: 'cpu_usage_total', tags: loadTags, fields: { value: 2.5e8 * i }, timestamp: new Date(now - 4000 + i * 1000) },
      ]),
      { precision: 'ms' },
    );
    const resourceQueries = (await Promise.all(['CPU (targets)', 'Memory (targets)'].map(panelQueries))).flat();
    assert.equal(resourceQueries.length, 3 * DASHBOARDS.length);
    for (const q of resourceQueries) {
      const series = await influxQuery(influxd.url, 'cadvisor', expandQuery(q.query, EXPANSIONS['single values']));
      assert.deepEqual(series.map((s) => s.tags?.container_name), [TARGET], q.query);
    }
    const cpu = await influxQuery(influxd.url, 'cadvisor', expandQuery(resourceQueries[0].query, EXPANSIONS['single values']));
    // 0.5 s of CPU per second = 50 % of one core.
    assert.ok(cpu[0].values.some((v) => v[1] === 50), JSON.stringify(cpu[0].values));
    const [loadCpu] = await panelQueries('CPU (load generator)');
    const load = await influxQuery(influxd.url, 'cadvisor', expandQuery(loadCpu.query, EXPANSIONS['single values']));
    assert.equal(load.length, 1, JSON.stringify(load));
    assert.ok(load[0].values.some((v) => v[1] === 25), JSON.stringify(load[0].values));
  });
});
