/**
 * End to end, through `servebench load`: what a run writes. `--out json=FILE` has k6's Metric and
 * Point lines with k6's metric names, types and system tags; `--out influxdb=URL` into a real
 * influxd has one measurement per metric with the sample's tags (url as a field); influxd going
 * away mid-run only costs points (exit 0, a warning); `--summary-export` has k6's export shape;
 * the text summary marks thresholds; `--no-summary` and `--quiet` silence what they should.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startInfluxd } from '../helpers/influxd.ts';
import { describe as describeRun, EXIT, fixture, pointsOf, runEngine, startTarget, sumOf, type Target } from './helpers/run-engine.ts';

const SCRIPT = fixture('plain');
let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

test('--out json: Metric lines with k6 types, Point lines with k6 names, times and system tags', async () => {
  const t0 = Date.now();
  const r = await runEngine(SCRIPT, { json: true, vars: { TARGET: target.url } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const types = Object.fromEntries([...r.metrics].map(([name, m]) => [name, `${m.data.type}/${m.data.contains}`]));
  const expected: Record<string, string> = {
    http_reqs: 'counter/default', http_req_duration: 'trend/time', http_req_blocked: 'trend/time', http_req_connecting: 'trend/time',
    http_req_tls_handshaking: 'trend/time', http_req_sending: 'trend/time', http_req_waiting: 'trend/time', http_req_receiving: 'trend/time',
    http_req_failed: 'rate/default', iterations: 'counter/default', iteration_duration: 'trend/time', data_sent: 'counter/data',
    data_received: 'counter/data', checks: 'rate/default', group_duration: 'trend/time', pings: 'counter/default',
  };
  for (const [name, type] of Object.entries(expected)) assert.equal(types[name], type, `Metric line of ${name}`);
  for (const p of r.points) {
    assert.ok(r.metrics.has(p.metric), `a Point of ${p.metric} without its Metric line`);
    assert.match(p.data.time, RFC3339);
    const at = Date.parse(p.data.time);
    assert.ok(at >= t0 - 1000 && at <= t0 + r.wallMs + 1000, `point time ${p.data.time} outside the run`);
  }
  // Times finer than a millisecond (k6's are nanoseconds): two samples of one series never share a
  // time, which InfluxDB would merge into one point.
  const vuSamples = r.points.filter((p) => ['checks', 'iterations', 'iteration_duration', 'group_duration', 'pings'].includes(p.metric));
  const fine = vuSamples.filter((p) => /\.\d{4,}/.test(p.data.time)).length;
  assert.ok(fine >= vuSamples.length * 0.7, `only ${fine} of ${vuSamples.length} check/iteration/group/custom point times are finer than 1 ms`);
  const series = new Set(r.points.map((p) => `${p.metric} ${p.data.time} ${JSON.stringify(p.data.tags)}`));
  assert.equal(series.size, r.points.length, 'two points of one series at the same time');
  const reqs = pointsOf(r, 'http_reqs');
  assert.equal(reqs.length, 18);
  assert.equal(sumOf(r, 'http_reqs'), 18);
  const ok = reqs.find((p) => p.data.tags?.url === `${target.url}/ok`)!;
  assert.deepEqual(ok.data.tags, {
    expected_response: 'true', group: '::api', method: 'GET', name: `${target.url}/ok`, proto: 'HTTP/1.1', scenario: 's', status: '200', url: `${target.url}/ok`,
  });
  assert.deepEqual(Object.keys(ok.data.tags!), Object.keys(ok.data.tags!).sort(), 'tags sorted by key');
  const missing = pointsOf(r, 'http_reqs', { name: 'missing' });
  assert.equal(missing.length, 6);
  assert.ok(missing.every((p) => p.data.tags!.status === '404' && p.data.tags!.expected_response === 'false' && p.data.tags!.url === `${target.url}/status/404`));
  assert.equal(pointsOf(r, 'http_reqs', { method: 'POST' }).length, 6);
  // Every request has its eight http_req_* trends and http_req_failed, with the same tags.
  for (const m of ['http_req_duration', 'http_req_waiting', 'http_req_failed', 'http_req_blocked']) assert.equal(pointsOf(r, m, { name: 'missing' }).length, 6, m);
  assert.equal(sumOf(r, 'http_req_failed'), 6, 'the 404s failed');
  const checks = pointsOf(r, 'checks');
  assert.equal(checks.length, 6);
  assert.ok(checks.every((p) => p.data.tags!.check === 'ok is 200' && p.data.tags!.group === '::api' && p.data.value === 1));
  assert.ok(pointsOf(r, 'group_duration').every((p) => p.data.tags!.group === '::api'));
  assert.equal(sumOf(r, 'iterations'), 6);
  assert.ok(pointsOf(r, 'iterations').every((p) => p.data.tags!.group === '' && p.data.tags!.scenario === 's'));
  assert.ok(sumOf(r, 'data_sent') > 0 && sumOf(r, 'data_received') > 0);
  assert.equal(sumOf(r, 'pings'), 6);
});

async function influxQuery(url: string, db: string, q: string): Promise<any[]> {
  const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}&q=${encodeURIComponent(q)}`);
  assert.equal(res.status, 200, `${q}: ${res.status}`);
  const body = (await res.json()) as { results: { series?: any[]; error?: string }[] };
  assert.ok(!body.results[0].error, `${q}: ${body.results[0].error}`);
  return body.results[0].series ?? [];
}
const column = (series: any[], i = 0) => series.flatMap((s) => s.values.map((v: unknown[]) => v[i]));

test('--out influxdb into a real influxd: one measurement per metric, tags as tags, url as a field', async () => {
  const influx = await startInfluxd();
  try {
    const db = 'sbtest';
    const r = await runEngine(SCRIPT, { vars: { TARGET: target.url }, args: ['--out', `influxdb=${influx.url}/${db}`] });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    assert.doesNotMatch(r.stderr, /dropped/);
    const measurements = column(await influxQuery(influx.url, db, 'SHOW MEASUREMENTS'));
    for (const m of ['http_reqs', 'http_req_duration', 'http_req_failed', 'iterations', 'iteration_duration', 'checks', 'data_sent', 'data_received', 'pings', 'group_duration']) {
      assert.ok(measurements.includes(m), `measurement ${m} in ${measurements}`);
    }
    assert.deepEqual(column(await influxQuery(influx.url, db, 'SELECT count("value") FROM "http_reqs"'), 1), [18]);
    assert.deepEqual(column(await influxQuery(influx.url, db, 'SELECT count("value") FROM "iterations"'), 1), [6]);
    assert.deepEqual(column(await influxQuery(influx.url, db, `SELECT count("value") FROM "http_req_duration" WHERE "status" = '404' AND "name" = 'missing'`), 1), [6]);
    const tagKeys = column(await influxQuery(influx.url, db, 'SHOW TAG KEYS FROM "http_reqs"'));
    for (const k of ['method', 'name', 'status', 'scenario', 'group', 'expected_response', 'proto']) assert.ok(tagKeys.includes(k), `tag ${k} in ${tagKeys}`);
    assert.ok(!tagKeys.includes('url'), 'url is a field, not a tag');
    const fieldKeys = column(await influxQuery(influx.url, db, 'SHOW FIELD KEYS FROM "http_reqs"'));
    assert.deepEqual(fieldKeys.sort(), ['url', 'value']);
    const urls = column(await influxQuery(influx.url, db, `SELECT "url" FROM "http_reqs" WHERE "method" = 'POST'`), 1);
    assert.deepEqual([...new Set(urls)], [`${target.url}/post`]);
    const groups = column(await influxQuery(influx.url, db, `SHOW TAG VALUES FROM "http_reqs" WITH KEY = "group"`), 1);
    assert.deepEqual(groups, ['::api']);
  } finally {
    await influx.stop();
  }
});

test('influxd stopped mid-run: points are dropped with a warning, the test still exits 0', async () => {
  const influx = await startInfluxd();
  let stopping: Promise<void> | undefined;
  let stoppedAt = 0;
  try {
    const r = await runEngine(SCRIPT, {
      vars: { TARGET: target.url, SCENARIOS: { s: { executor: 'constant-vus', vus: 1, duration: '4s' } }, SLEEP: '0.05' },
      // One write at a time: once a second write is stored, the first one's reply reached the engine.
      env: { K6_INFLUXDB_PUSH_INTERVAL: '500ms', K6_INFLUXDB_CONCURRENT_WRITES: '1' },
      args: ['--out', `influxdb=${influx.url}/gone`],
      onSpawn() {
        // Once two writes have arrived, influxd goes away (the test has ~2 s to go).
        stopping = (async () => {
          let first = 0;
          for (let i = 0; i < 100; i++) {
            await new Promise((res) => setTimeout(res, 100));
            const res = await fetch(`${influx.url}/query?db=gone&q=${encodeURIComponent('SELECT count("value") FROM "http_reqs"')}`).catch(() => null);
            const count = res?.ok ? ((await res.json()) as { results: { series?: { values: [string, number][] }[] }[] }).results[0]?.series?.[0]?.values[0]?.[1] ?? 0 : 0;
            if (count > 0 && first === 0) first = count;
            else if (first > 0 && count > first) break;
          }
          await influx.stop();
          stoppedAt = Date.now();
        })();
      },
    });
    assert.ok(stoppedAt && stoppedAt < Date.now() - 500, `influxd was not stopped while the test ran:\n${describeRun(r)}`);
    assert.equal(r.code, EXIT.ok, describeRun(r));
    assert.match(r.stderr, /WARN .*influx/i, 'a warning about the InfluxDB output');
    assert.match(r.stderr, /dropped/, 'the lost points are counted');
    const m = /(\d+) samples dropped, (\d+) written/.exec(r.stderr);
    assert.ok(m && Number(m[1]) > 0 && Number(m[2]) > 0, `some written before the stop, some dropped after: ${m?.[0]}`);
  } finally {
    await stopping;
    await influx.stop();
  }
});

test('--summary-export: k6\'s export shape (flattened values, root_group keyed by name, thresholds true when failed)', async () => {
  const r = await runEngine(SCRIPT, { summaryExport: true, vars: { TARGET: target.url, THRESHOLDS: { http_reqs: ['count==18'], 'http_req_failed{name:missing}': ['rate<0.5'] } } });
  assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
  const e = r.summaryExport;
  assert.ok(e, 'the export was written');
  assert.deepEqual(Object.keys(e.metrics.http_reqs).sort(), ['count', 'rate', 'thresholds']);
  assert.equal(e.metrics.http_reqs.count, 18);
  assert.deepEqual(e.metrics.http_reqs.thresholds, { 'count==18': false });
  assert.deepEqual(e.metrics['http_req_failed{name:missing}'].thresholds, { 'rate<0.5': true });
  assert.deepEqual(Object.keys(e.metrics.http_req_duration).sort(), ['avg', 'max', 'med', 'min', 'p(90)', 'p(95)']);
  assert.deepEqual(Object.keys(e.metrics.http_req_failed).sort(), ['fails', 'passes', 'value']);
  assert.equal(e.metrics.http_req_failed.passes, 6, 'k6 counts a Rate\'s non-zero samples as passes');
  assert.ok(Math.abs(e.metrics.http_req_failed.value - 1 / 3) < 1e-9);
  assert.deepEqual(Object.keys(e.metrics.checks).sort(), ['fails', 'passes', 'value']);
  assert.equal(e.root_group.name, '');
  assert.equal(e.root_group.path, '');
  const api = e.root_group.groups.api;
  assert.equal(api.path, '::api');
  assert.deepEqual([api.checks['ok is 200'].passes, api.checks['ok is 200'].fails], [6, 0]);
  // Without handleSummary the text summary goes to stdout, thresholds marked.
  assert.match(r.stdout, /✓ 'count==18'/);
  assert.match(r.stdout, /✗ 'rate<0.5'/);
  assert.match(r.stdout, /http_reqs/);
});

test('--no-summary prints no summary (and runs no handleSummary); --quiet hides the progress, not the summary', async () => {
  const noSummary = await runEngine(SCRIPT, { vars: { TARGET: target.url }, args: ['--no-summary'] });
  assert.equal(noSummary.code, EXIT.ok, describeRun(noSummary));
  assert.equal(noSummary.stdout, '');
  const hs = await runEngine(fixture('groups'), { args: ['--no-summary'] });
  assert.equal(hs.code, EXIT.ok, describeRun(hs));
  assert.equal(hs.stdout, '');
  assert.deepEqual(Object.keys(hs.files), [], 'handleSummary did not run');

  const loud = await runEngine(SCRIPT, { quiet: false, vars: { TARGET: target.url } });
  assert.equal(loud.code, EXIT.ok, describeRun(loud));
  assert.match(loud.stderr, /running \(/, 'progress on stderr without --quiet');
  const quiet = await runEngine(SCRIPT, { quiet: true, vars: { TARGET: target.url } });
  assert.equal(quiet.code, EXIT.ok, describeRun(quiet));
  assert.doesNotMatch(quiet.stderr, /running \(/);
  for (const r of [loud, quiet]) assert.match(r.stdout, /TOTAL RESULTS[\s\S]*http_reqs/, 'the summary is still printed');
});
