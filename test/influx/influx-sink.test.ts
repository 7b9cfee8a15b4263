/** The resource sink against a real influxd: writes cAdvisor-shaped points, survives InfluxDB going away. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InfluxDB } from 'influx';
import { startInfluxSink } from '../../runner/influx/influx-sink.ts';
import type { ResourceSample } from '../../runner/runtimes/runtime.ts';
import { freePort } from '../../runner/runtimes/free-port.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';

const quiet = { warn: () => {} };

function samples(count: number, start = Date.now() - count * 250): ResourceSample[] {
  return Array.from({ length: count }, (_, i) => ({ t: start + i * 250, cpuPercent: 50, rssBytes: 100_000_000 + i, workingSetBytes: 90_000_000 }));
}

describe('influx sink (real influxd)', () => {
  let influxd: Influxd;
  before(async () => {
    influxd = await startInfluxd();
  });
  after(async () => {
    await influxd?.stop();
  });

  test('creates the database and writes cAdvisor measurements with integer values and run tags', async () => {
    const sink = await startInfluxSink(`${influxd.url}/sinkdb`, { runId: 'r1', profile: 'smoke', machine: 'm1', ...quiet });
    assert.equal(sink.active, true);
    assert.equal(sink.k6OutputArg(), `influxdb=${influxd.url}/sinkdb`);
    sink.writeSamples('fastify', samples(9));
    const report = await sink.close();
    assert.deepEqual(report, { written: 27, dropped: 0, warnings: [] });

    const db = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database: 'sinkdb' });
    const fieldTypes = await db.query<{ fieldKey: string; fieldType: string }>('SHOW FIELD KEYS FROM "cpu_usage_total"');
    assert.deepEqual(fieldTypes.map((r) => [r.fieldKey, r.fieldType]), [['value', 'integer']]);
    const cpu = await db.query<{ value: number; container_name: string; run_id: string; profile: string; machine: string }>(
      `SELECT "value", "container_name", "run_id", "profile", "machine", "target" FROM "cpu_usage_total" WHERE "run_id" = 'r1'`,
    );
    assert.equal(cpu.length, 9);
    // 50 % of one core for 8 x 250 ms = 1 s of CPU.
    assert.equal(cpu[8].value, 1_000_000_000);
    assert.equal(cpu[0].container_name, 'fastify');
    assert.equal(cpu[0].machine, 'm1');
    assert.equal(cpu[0].profile, 'smoke');
    const ws = await db.query<{ max: number }>(`SELECT max("value") FROM "memory_working_set" WHERE "target" = 'fastify'`);
    assert.equal(ws[0].max, 90_000_000);
  });

  test('a write may carry its own profile; a pause in sampling credits at most 1 s of CPU', async () => {
    const sink = await startInfluxSink(`${influxd.url}/profiles`, { runId: 'rp', profile: 'smoke', ...quiet });
    const start = Date.now() - 60_000;
    sink.writeSamples('grpc', samples(2, start));
    // 100 % for the sample after a 30 s pause: 1 s credited, not 30 s.
    sink.writeSamples('grpc', [{ t: start + 30_250, cpuPercent: 100, rssBytes: 1 }], { profile: 'rate' });
    assert.deepEqual(await sink.close(), { written: 9, dropped: 0, warnings: [] });
    const db = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database: 'profiles' });
    const rows = await db.query<{ value: number; profile: string }>(`SELECT "value", "profile" FROM "cpu_usage_total"`);
    assert.deepEqual(rows.map((r) => [r.profile, r.value]), [['smoke', 0], ['smoke', 125_000_000], ['rate', 1_125_000_000]]);
  });

  test("the load engine's samples (role load) get their own container_name and CPU counter, the target's are role target", async () => {
    const sink = await startInfluxSink(`${influxd.url}/roles`, { runId: 'rr', profile: 'smoke', ...quiet });
    const start = Date.now() - 10_000;
    sink.writeSamples('fastify', samples(5, start));
    // The engine at 100 % over the same readings: its counter must not add to the target's.
    sink.writeSamples('fastify', samples(5, start).map((s) => ({ ...s, cpuPercent: 100 })), { role: 'load' });
    assert.deepEqual(await sink.close(), { written: 30, dropped: 0, warnings: [] });
    const db = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database: 'roles' });
    const rows = await db.query<{ max: number; container_name: string; role: string; target: string }>(
      `SELECT max("value") FROM "cpu_usage_total" GROUP BY "container_name", "role", "target"`,
    );
    const byRole = Object.fromEntries(rows.map((r) => [r.role, [r.container_name, r.target, r.max]]));
    // 4 x 250 ms: 50 % -> 0.5 s, 100 % -> 1 s of CPU.
    assert.deepEqual(byRole, { target: ['fastify', 'fastify', 500_000_000], load: ['load', 'fastify', 1_000_000_000] });
  });

  test('stopping influxd mid-run: the sink keeps accepting, close() resolves and reports dropped points', async () => {
    const own = await startInfluxd();
    const warnings: string[] = [];
    const sink = await startInfluxSink(`${own.url}/midrun`, { runId: 'r2', profile: 'smoke', flushMs: 50, warn: (m) => warnings.push(m) });
    sink.writeSamples('express', samples(4));
    await own.stop();
    for (let i = 0; i < 20; i++) sink.writeSamples('express', samples(4, Date.now() + i * 1000));
    const report = await sink.close();
    assert.ok(report.dropped > 0, `expected dropped points, got ${JSON.stringify(report)}`);
    assert.equal(report.written + report.dropped, (4 + 20 * 4) * 3);
    assert.equal(report.warnings.length, 1, report.warnings.join('\n'));
    assert.match(report.warnings[0], /write .* failed/);
    assert.deepEqual(warnings, report.warnings);
  });

  test('InfluxDB unreachable at start: one clear warning, a no-op sink, the run goes on', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const sink = await startInfluxSink(`http://127.0.0.1:${port}/nowhere`, { runId: 'r3', profile: 'smoke', warn: (m) => warnings.push(m) });
    assert.equal(sink.active, false);
    assert.equal(sink.k6OutputArg(), `influxdb=http://127.0.0.1:${port}/nowhere`);
    sink.writeSamples('null', samples(2));
    const report = await sink.close();
    assert.deepEqual(report, { written: 0, dropped: 6, warnings });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /not reachable.*the run goes on/);
  });

  test('a malformed URL is a configuration error, thrown at start', async () => {
    await assert.rejects(startInfluxSink('http://127.0.0.1:8086', { runId: 'r', profile: 'smoke', ...quiet }), /database name is missing/);
  });
});
