/**
 * Reading an external target's CPU and memory back from cAdvisor's series on a real influxd:
 * points in the shape cAdvisor's InfluxDB storage driver writes (measurements cpu_usage_total in
 * cumulative ns, memory_usage, memory_working_set; integer field value; tags container_name and
 * machine), beside the runner's own points (tagged run_id) and another container's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InfluxDB, type IPoint } from 'influx';
import { createCadvisorReader } from '../../runner/influx/cadvisor-series.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';

let influxd: Influxd;
let client: InfluxDB;
const DB = 'servebench';
const T0 = Date.now() - 60_000;

/** One cAdvisor housekeeping tick per second: `cores` busy, `mb` MB used (working set 80% of it). */
function cadvisorTicks(container: string, from: number, seconds: number, cores: number, mb: number, extraTags: Record<string, string> = {}): IPoint[] {
  return Array.from({ length: seconds + 1 }, (_, i) => {
    const timestamp = new Date(from + i * 1000);
    const tags = { container_name: container, machine: 'host-a', ...extraTags };
    return [
      { measurement: 'cpu_usage_total', tags, fields: { value: Math.round(i * cores * 1e9) }, timestamp },
      { measurement: 'memory_usage', tags, fields: { value: mb * 2 ** 20 }, timestamp },
      { measurement: 'memory_working_set', tags, fields: { value: Math.round(0.8 * mb * 2 ** 20) }, timestamp },
    ];
  }).flat();
}

before(async () => {
  influxd = await startInfluxd();
  client = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database: DB });
  await client.createDatabase(DB);
  await client.writePoints(
    [
      ...cadvisorTicks('tfserving', T0, 10, 0.5, 300),
      ...cadvisorTicks('other', T0, 10, 3, 900),
      // The runner's own samples, also under container_name (its label), always tagged with a run_id.
      ...cadvisorTicks('tfserving', T0, 10, 7, 5000, { run_id: 'r1', target: 'tfserving', profile: 'smoke' }),
    ],
    { precision: 'ms' },
  );
});

after(async () => {
  await influxd?.stop();
});

test("cAdvisor's points for one container over a window -> CPU % from the counter's deltas, memory as written", async () => {
  const collect = createCadvisorReader(`${influxd.url}/${DB}`, 'tfserving', { waitMs: 0 });
  const samples = await collect(T0 + 2000, T0 + 8000);
  assert.equal(samples.length, 6, JSON.stringify(samples)); // 7 points in the window, 6 intervals
  for (const s of samples) {
    assert.ok(Math.abs(s.cpuPercent - 50) < 1e-6, `cpu ${s.cpuPercent}`);
    assert.equal(s.rssBytes, 300 * 2 ** 20);
    assert.equal(s.workingSetBytes, Math.round(0.8 * 300 * 2 ** 20));
  }
  assert.deepEqual([samples[0].t, samples[5].t], [T0 + 3000, T0 + 8000]);
  assert.deepEqual(await createCadvisorReader(`${influxd.url}/${DB}`, 'nobody', { waitMs: 0 })(T0, T0 + 10_000), []);
});

test("waits for cAdvisor's buffered points up to the window's end, within its deadline", async () => {
  const collect = createCadvisorReader(`${influxd.url}/${DB}`, 'late', { waitMs: 10_000, slackMs: 500, pollMs: 100 });
  const from = Date.now() - 5000;
  await client.writePoints(cadvisorTicks('late', from, 2, 1, 100), { precision: 'ms' });
  // The rest of the window arrives a moment later, as a buffered flush does.
  const flush = setTimeout(() => void client.writePoints(cadvisorTicks('late', from, 5, 1, 100), { precision: 'ms' }), 400);
  const started = Date.now();
  const samples = await collect(from, from + 5000);
  clearTimeout(flush);
  assert.equal(samples.length, 5, JSON.stringify(samples));
  assert.ok(samples.every((s) => Math.abs(s.cpuPercent - 100) < 1e-6));
  assert.ok(Date.now() - started < 5000, 'returned once the points were in, not at the deadline');

  const never = createCadvisorReader(`${influxd.url}/${DB}`, 'tfserving', { waitMs: 600, pollMs: 100 });
  const t = Date.now();
  assert.equal((await never(T0, Date.now())).length, 10, 'after the deadline: what there is');
  assert.ok(Date.now() - t >= 600);
});
