/** Aggregates' k6 values, sub-metric matching, and MetricStore snapshot / delta / merge. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateFromSnapshot, createAggregate, DEFAULT_TREND_STATS, validateTrendStats } from '../../loadgen/metrics/aggregates.ts';
import { MetricRegistry } from '../../loadgen/metrics/metric-registry.ts';
import { MetricStore, type StoreSnapshot } from '../../loadgen/metrics/metric-store.ts';
import type { Sample } from '../../loadgen/metrics/sample.ts';

const STATS = [...DEFAULT_TREND_STATS, 'count', 'p(99)', 'p(99.9)'];

test('counter: count is the sum of values, rate per second of test duration', () => {
  const c = createAggregate('counter');
  assert.ok(c.empty);
  c.add(3, 0);
  c.add(2, 0);
  assert.deepEqual(c.values(STATS, 2000), { count: 5, rate: 2.5 });
  assert.deepEqual(createAggregate('counter').values(STATS, 0), { count: 0, rate: 0 });
});

test('gauge: value is the latest by sample time, whatever the arrival order', () => {
  const g = createAggregate('gauge');
  g.add(5, 200);
  g.add(9, 100);
  g.add(1, 150);
  assert.deepEqual(g.values(STATS, 1), { value: 5, min: 1, max: 9 });
  const h = createAggregate('gauge');
  h.add(7, 300);
  g.merge(JSON.parse(JSON.stringify(h.snapshot())));
  assert.deepEqual(g.values(STATS, 1), { value: 7, min: 1, max: 9 });
  const older = createAggregate('gauge');
  older.add(100, 50);
  g.merge(older.snapshot());
  assert.deepEqual(g.values(STATS, 1), { value: 7, min: 1, max: 100 });
  assert.deepEqual(createAggregate('gauge').values(STATS, 1), { value: 0, min: 0, max: 0 });
});

test('rate: non-zero values pass, zeros fail', () => {
  const r = createAggregate('rate');
  for (const v of [1, 0, 1, 1, 0.5, 0]) r.add(v, 0);
  assert.deepEqual(r.values(STATS, 1), { rate: 4 / 6, passes: 4, fails: 2 });
  assert.deepEqual(createAggregate('rate').values(STATS, 1), { rate: 0, passes: 0, fails: 0 });
});

test('trend: values has exactly the summaryTrendStats keys, in order', () => {
  const t = createAggregate('trend');
  for (let i = 1; i <= 100; i++) t.add(i, 0);
  const v = t.values(STATS, 1);
  assert.deepEqual(Object.keys(v), ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'count', 'p(99)', 'p(99.9)']);
  assert.equal(v.avg, 50.5);
  assert.equal(v.min, 1);
  assert.equal(v.max, 100);
  assert.equal(v.count, 100);
  assert.ok(Math.abs(v.med - 50.5) <= 0.06);
  assert.ok(Math.abs(v['p(90)'] - 90.1) <= 0.1);
  assert.deepEqual(createAggregate('trend').values(['avg', 'min', 'p(95)', 'count'], 1), { avg: 0, min: 0, 'p(95)': 0, count: 0 });
});

test('validateTrendStats rejects unknown stats and out-of-range percentiles', () => {
  validateTrendStats(['avg', 'min', 'med', 'max', 'count', 'p(0)', 'p(99.99)', 'p(100)']);
  assert.throws(() => validateTrendStats(['avg', 'mean']), /"mean"/);
  assert.throws(() => validateTrendStats(['p(101)']), /p\(101\)/);
  assert.throws(() => validateTrendStats([5]), /summaryTrendStats/);
});

test('merging a snapshot of another type is refused', () => {
  assert.throws(() => createAggregate('counter').merge(createAggregate('rate').snapshot()), /rate snapshot into a counter/);
  assert.equal(aggregateFromSnapshot({ type: 'rate', passes: 2, fails: 1 }).values([], 1).passes, 2);
});

function sample(metric: string, value: number, tags: Record<string, string> = {}, time = 1000): Sample {
  return { metric, value, time, tags };
}

test('sub-metrics: a sample counts where every selector tag is present and equal', () => {
  const store = new MetricStore(new MetricRegistry(), [
    'http_req_duration{phase:measure}',
    'http_req_duration{level:8}',
    'http_req_duration{phase:measure,level:8}',
    'group_duration{group:::setup}',
    'http_req_duration{ name : "quoted" }',
  ]);
  store.add(sample('http_req_duration', 10, { phase: 'measure', level: '8' }));
  store.add(sample('http_req_duration', 20, { phase: 'measure', level: '16' }));
  store.add(sample('http_req_duration', 30, { phase: 'warmup', level: '8' }));
  store.add(sample('http_req_duration', 40, {}));
  store.add(sample('http_req_duration', 50, { name: 'quoted' }));
  store.add(sample('group_duration', 5, { group: '::setup' }));
  store.add(sample('group_duration', 6, { group: '::teardown' }));
  const count = (k: string) => store.get(k)?.values(['count'], 1).count;
  assert.equal(count('http_req_duration'), 5);
  assert.equal(count('http_req_duration{phase:measure}'), 2);
  assert.equal(count('http_req_duration{level:8}'), 2);
  assert.equal(count('http_req_duration{phase:measure,level:8}'), 1);
  assert.equal(count('http_req_duration{name : "quoted"}'), 1);
  assert.equal(count('group_duration{group:::setup}'), 1);
  assert.equal(store.get('http_req_duration{level:16}'), undefined);
});

test('a sample for an unregistered metric throws; custom metrics register first', () => {
  const registry = new MetricRegistry();
  const store = new MetricStore(registry, ['server_infer{phase:measure}']);
  assert.throws(() => store.add(sample('server_infer', 1)), /no metric named "server_infer"/);
  registry.register({ name: 'server_infer', type: 'trend', contains: 'time' });
  store.add(sample('server_infer', 2, { phase: 'measure' }));
  assert.equal(store.get('server_infer{phase:measure}')?.values(['max'], 1).max, 2);
});

/** Deterministic mixed workload over every metric type and several tags. */
function workload(n: number): Sample[] {
  let a = 12345;
  const r = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const tags = { phase: r() < 0.7 ? 'measure' : 'warmup', level: String(1 << Math.floor(r() * 4)), scenario: 's' };
    out.push(sample('http_req_duration', r() * 300, tags, 1000 + i));
    out.push(sample('http_reqs', 1, tags, 1000 + i));
    out.push(sample('checks', r() < 0.9 ? 1 : 0, tags, 1000 + i));
    out.push(sample('vus', Math.floor(r() * 50), tags, 1000 + ((i * 7919) % n)));
    out.push(sample('data_received', Math.floor(r() * 5000), tags, 1000 + i));
  }
  return out;
}

const SELECTORS = ['http_req_duration{phase:measure}', 'http_req_duration{level:4}', 'checks{phase:measure}', 'vus{phase:measure,level:2}', 'http_reqs{scenario:s}'];

function allValues(store: MetricStore): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const e of store.entries()) out[e.key] = e.aggregate.values(STATS, 10_000);
  return out;
}

function assertClose(a: Record<string, Record<string, number>>, b: Record<string, Record<string, number>>): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  for (const k of Object.keys(a)) {
    for (const s of Object.keys(a[k])) assert.ok(Math.abs(a[k][s] - b[k][s]) <= 1e-9 * Math.max(1, Math.abs(a[k][s])), `${k} ${s}: ${a[k][s]} vs ${b[k][s]}`);
  }
}

test('merging N stores equals one store fed all samples (snapshots through JSON)', () => {
  const samples = workload(4000);
  const one = new MetricStore(new MetricRegistry(), SELECTORS);
  for (const s of samples) one.add(s);
  const parts = Array.from({ length: 4 }, () => new MetricStore(new MetricRegistry(), SELECTORS));
  samples.forEach((s, i) => parts[i % 4].add(s));
  const main = new MetricStore(new MetricRegistry(), SELECTORS);
  for (const p of parts) main.merge(JSON.parse(JSON.stringify(p.snapshot())) as StoreSnapshot);
  assertClose(allValues(main), allValues(one));
});

test('deltas: shipping takeDelta() every so often adds up to the full store', () => {
  const samples = workload(3000);
  const one = new MetricStore(new MetricRegistry(), SELECTORS);
  for (const s of samples) one.add(s);
  const workers = [new MetricStore(new MetricRegistry(), SELECTORS), new MetricStore(new MetricRegistry(), SELECTORS)];
  const main = new MetricStore(new MetricRegistry(), SELECTORS);
  let shipped = 0;
  samples.forEach((s, i) => {
    workers[i % 2].add(s);
    if (i % 777 === 0) {
      for (const w of workers) {
        const d = w.takeDelta();
        if (d) {
          main.merge(structuredClone(d));
          shipped++;
        }
      }
    }
  });
  for (const w of workers) {
    const d = w.takeDelta();
    if (d) main.merge(d);
    assert.equal(w.takeDelta(), null, 'nothing changed since the last delta');
  }
  assert.ok(shipped > 4);
  assertClose(allValues(main), allValues(one));
});

test('a delta carries only what changed: untouched metrics and sub-metrics are left out', () => {
  const store = new MetricStore(new MetricRegistry(), ['http_reqs{level:1}', 'http_reqs{level:2}']);
  store.add(sample('http_reqs', 1, { level: '1' }));
  store.add(sample('vus', 3));
  store.takeDelta();
  store.add(sample('http_reqs', 1, { level: '2' }));
  const d = store.takeDelta()!;
  assert.deepEqual(d.metrics.map((m) => [m.def.name, m.subs.map((s) => s.key)]), [['http_reqs', ['http_reqs{level:2}']]]);
  assert.deepEqual(d.metrics[0].agg, { type: 'counter', sum: 1, n: 1 });
});

test('merge registers custom metric definitions and refuses a clash', () => {
  const worker = new MetricStore(new MetricRegistry(), ['server_infer{phase:measure}']);
  worker.registry.register({ name: 'server_infer', type: 'trend', contains: 'time' });
  worker.add(sample('server_infer', 4, { phase: 'measure' }));
  const mainRegistry = new MetricRegistry();
  const main = new MetricStore(mainRegistry);
  main.merge(worker.snapshot());
  assert.equal(mainRegistry.get('server_infer')?.contains, 'time');
  assert.equal(main.get('server_infer{phase:measure}')?.values(['avg'], 1).avg, 4);
  const clash = new MetricRegistry();
  clash.register({ name: 'server_infer', type: 'counter', contains: 'default' });
  assert.throws(() => new MetricStore(clash).merge(worker.snapshot()), /already exists/);
});

test('ensure() creates empty aggregates for defined keys; reset() zeroes everything', () => {
  const store = new MetricStore(new MetricRegistry());
  assert.ok(store.ensure('iterations{phase:measure}').empty);
  assert.ok(store.get('iterations'));
  store.add(sample('iterations', 1, { phase: 'measure' }));
  assert.equal(store.get('iterations{phase:measure}')?.values([], 1000).count, 1);
  store.reset();
  assert.ok(store.get('iterations{phase:measure}')?.empty);
  assert.throws(() => store.ensure('nope{a:b}'), /no metric named "nope"/);
});
