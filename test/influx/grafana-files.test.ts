/** The committed Grafana files: dashboards equal the generator's output; every query uses the provisioned datasource. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DATASOURCE } from '../../grafana/src/dashboard-model.ts';
import { dashboardQueries, expandQuery, groupByTags, selectedColumns } from '../../grafana/src/dashboard-queries.ts';
import { DASHBOARDS, renderDashboard } from '../../grafana/src/dashboards.ts';

const GRAFANA = fileURLToPath(new URL('../../grafana/', import.meta.url));

test('committed dashboards equal the generator output (npx tsx grafana/src/generate.ts)', async () => {
  for (const { file, spec } of DASHBOARDS) {
    const committed = await readFile(`${GRAFANA}dashboards/${file}`, 'utf8');
    assert.equal(committed, renderDashboard(spec), `grafana/dashboards/${file} is stale: run npx tsx grafana/src/generate.ts`);
  }
});

test('dashboards have distinct uids and use the provisioned datasource uid, URL and database from env', async () => {
  const uids = DASHBOARDS.map((d) => d.spec.uid);
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
    const queries = dashboardQueries(JSON.parse(await readFile(`${GRAFANA}dashboards/${file}`, 'utf8')));
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
