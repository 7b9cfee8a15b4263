/**
 * The committed Grafana files: dashboards equal the generator's output (and `npm run grafana:check`
 * fails on drift); every query uses the provisioned datasource; comparison panels leave the warm-up out.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dashboardQueries, expandQuery, groupByTags, selectedColumns } from '../../grafana/src/dashboard-queries.ts';
import { DASHBOARDS, renderDashboard } from '../../grafana/src/dashboards.ts';
import { DATASOURCE } from '../../grafana/src/datasource.ts';

const GRAFANA = fileURLToPath(new URL('../../grafana/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readDashboard = async (file: string): Promise<unknown> => JSON.parse(await readFile(`${GRAFANA}dashboards/${file}`, 'utf8'));

test('committed dashboards equal the generator output (npm run grafana)', async () => {
  for (const { file, build } of DASHBOARDS) {
    const committed = await readFile(`${GRAFANA}dashboards/${file}`, 'utf8');
    assert.equal(committed, renderDashboard(build()), `grafana/dashboards/${file} is stale: run npm run grafana`);
  }
});

test('npm run grafana:check passes on the committed files and fails (exit 1, naming the file) when one drifts', async () => {
  const run = (args: string[]) =>
    promisify(execFile)('npm', ['run', '--silent', 'grafana:check', '--', ...args], { cwd: ROOT }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
  assert.equal((await run([])).code, 0);
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-grafana-'));
  try {
    for (const { file } of DASHBOARDS) await copyFile(`${GRAFANA}dashboards/${file}`, path.join(dir, file));
    assert.equal((await run(['--dir', dir])).code, 0, 'an exact copy passes');
    const [first] = DASHBOARDS;
    const edited = (await readFile(path.join(dir, first.file), 'utf8')).replace('"Requests per second"', '"Requests per minute"');
    await writeFile(path.join(dir, first.file), edited);
    const drift = await run(['--dir', dir]);
    assert.equal(drift.code, 1, drift.stderr);
    assert.match(drift.stderr, new RegExp(`${first.file} is out of date`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('comparison panels read the measured window only (requests phase = measure, resources phase != warmup); run detail shows the warm-up as its own scenario', async () => {
  const comparison = dashboardQueries(await readDashboard('architecture-comparison.json')).filter((q) => q.kind === 'panel');
  const k6 = comparison.filter((q) => !/FROM "(cpu_usage_total|memory_usage|memory_working_set)"/.test(q.query));
  assert.ok(k6.length >= 10, `${k6.length} k6 panel queries`);
  for (const q of k6) assert.match(q.query, / AND "phase" = 'measure' AND /, q.where);
  const resources = comparison.filter((q) => !k6.includes(q));
  assert.ok(resources.length >= 4, `${resources.length} resource panel queries`);
  for (const q of resources) assert.match(q.query, / AND "phase" != 'warmup' AND /, q.where);
  const detail = dashboardQueries(await readDashboard('run-detail.json')).filter((q) => q.kind === 'panel');
  for (const q of detail) assert.doesNotMatch(q.query, /"phase"/, q.where);
  assert.ok(detail.some((q) => /GROUP BY time\(\$__interval\), "target", "scenario"/.test(q.query)));
});

test('both dashboards show the load generator CPU beside the targets CPU and memory', async () => {
  for (const { file } of DASHBOARDS) {
    const panels = ((await readDashboard(file)) as { panels: { title: string; gridPos: { y: number } }[] }).panels;
    const row = ['CPU (targets)', 'CPU (load generator)', 'Memory (targets)'].map((t) => panels.find((p) => p.title === t));
    assert.ok(row.every(Boolean), `${file}: ${panels.map((p) => p.title).join(', ')}`);
    assert.equal(new Set(row.map((p) => p?.gridPos.y)).size, 1, `${file}: the three resource panels share one line`);
  }
});

test('dashboards have distinct uids and use the provisioned datasource uid, URL and database from env', async () => {
  const uids = DASHBOARDS.map((d) => d.build().build().uid);
  assert.equal(new Set(uids).size, uids.length);
  const provisioning = await readFile(`${GRAFANA}provisioning/datasources/influxdb.yaml`, 'utf8');
  assert.match(provisioning, new RegExp(`uid: ${DATASOURCE.uid}\\n`));
  assert.match(provisioning, /url: \$\{INFLUXDB_URL\}\n/);
  assert.match(provisioning, /dbName: \$\{INFLUXDB_DB\}\n/);
  for (const { file } of DASHBOARDS) {
    const text = await readFile(`${GRAFANA}dashboards/${file}`, 'utf8');
    const uidsUsed = new Set([...text.matchAll(/"uid": "([^"]+)"/g)].map((m) => m[1]).filter((u) => !uids.includes(u)));
    assert.deepEqual([...uidsUsed], [DATASOURCE.uid], file);
  }
});

test('every panel query filters on $timeFilter and the run variables; variables use SHOW TAG VALUES', async () => {
  for (const { file } of DASHBOARDS) {
    const queries = dashboardQueries(await readDashboard(file));
    for (const q of queries) {
      if (q.kind === 'variable') {
        assert.match(q.query, /^SHOW TAG VALUES FROM /, q.where);
        continue;
      }
      assert.match(q.query, /\$timeFilter/, q.where);
      assert.match(q.query, /=~ \/\^\$target\$\//, q.where);
      assert.match(q.query, /"run_id" =~ \/\^\$run_id\$\//, q.where);
      assert.ok(selectedColumns(q.query).length > 0, q.where);
    }
  }
});

test('expandQuery: Grafana variable forms', () => {
  const q = 'SELECT mean("value") AS "m" FROM "x" WHERE "target" =~ /^$target$/ AND $timeFilter GROUP BY time($__interval), "target" fill(none)';
  assert.equal(
    expandQuery(q, { timeFilter: 'time > now() - 1h', intervalMs: 1000, variables: { target: ['gateway:fastify', 'a.b'] } }),
    'SELECT mean("value") AS "m" FROM "x" WHERE "target" =~ /^(gateway:fastify|a\\.b)$/ AND time > now() - 1h GROUP BY time(1s), "target" fill(none)',
  );
  assert.throws(() => expandQuery(q, { timeFilter: 't', intervalMs: 1000, variables: {} }), /unexpanded variable \$target/);
  assert.deepEqual(groupByTags(q), ['target']);
  assert.deepEqual(selectedColumns(q), ['m']);
});
