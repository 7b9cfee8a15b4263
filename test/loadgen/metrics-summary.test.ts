/** End-of-test summary: handleSummary data shape, --summary-export shape, and the text summary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricValues } from '../../runner/report/summary-reader.ts';
import { ChecksTree, pathId } from '../../loadgen/metrics/checks-tree.ts';
import { customMetricDef, MetricRegistry } from '../../loadgen/metrics/metric-registry.ts';
import { DEFAULT_SUBMETRICS, MetricStore } from '../../loadgen/metrics/metric-store.ts';
import { buildSummaryData, buildSummaryExport, formatBytes, formatTime, textSummary } from '../../loadgen/metrics/summary.ts';
import { Thresholds } from '../../loadgen/metrics/thresholds.ts';

const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

function run(opts: { trendStats?: string[] } = {}) {
  const registry = new MetricRegistry();
  registry.register(customMetricDef('trend', 'server_infer', true));
  registry.register(customMetricDef('counter', 'errors'));
  registry.register(customMetricDef('gauge', 'queue_depth'));
  const thresholds = Thresholds.parse(
    {
      'checks{phase:measure}': ['rate>=0.99'],
      'http_req_duration{phase:measure}': ['p(99)<250', 'avg<1'],
      'iterations{phase:measure}': [],
      'http_req_duration{level:8}': [],
      'dropped_iterations{scenario:peak}': [],
      errors: ['count<10'],
    },
    registry,
  );
  const store = new MetricStore(registry, [...DEFAULT_SUBMETRICS, ...thresholds.submetricSelectors()]);
  const checks = new ChecksTree();
  const add = (metric: string, value: number, tags: Record<string, string> = {}, time = 0) => store.add({ metric, value, time, tags });
  for (let i = 0; i < 200; i++) {
    const tags = { phase: i < 20 ? 'warmup' : 'measure', level: i % 2 ? '8' : '16', expected_response: 'true' };
    add('http_req_duration', 10 + (i % 50), tags, i);
    add('http_reqs', 1, tags, i);
    add('iterations', 1, tags, i);
    add('data_received', 2500, tags, i);
    add('server_infer', 0.25 + (i % 7) / 100, tags, i);
    add('checks', i % 10 ? 1 : 0, tags, i);
    add('vus', i % 5, tags, i);
    add('queue_depth', i, tags, 1000 - i);
    checks.addCheck(i % 2 ? '' : '::predict', i % 10 ? 'status ok' : 'body ok', i % 10 !== 0);
  }
  thresholds.evaluate(store, 10_000, { final: true });
  const data = buildSummaryData({
    store,
    checks,
    thresholds,
    testRunDurationMs: 10_000,
    options: { summaryTrendStats: opts.trendStats ?? TREND_STATS },
    state: { isStdOutTTY: false, isStdErrTTY: true },
  });
  return { data, thresholds, store };
}

test('handleSummary data: top-level keys, options and state', () => {
  const { data } = run();
  assert.deepEqual(Object.keys(data).sort(), ['metrics', 'options', 'root_group', 'state']);
  assert.deepEqual(data.options, { summaryTimeUnit: '', summaryTrendStats: TREND_STATS, noColor: false });
  assert.deepEqual(data.state, { isStdOutTTY: false, isStdErrTTY: true, testRunDurationMs: 10_000 });
  assert.deepEqual(JSON.parse(JSON.stringify(data)), data, 'JSON-safe');
});

test('metrics: values keys per type, as k6 has them', () => {
  const { data } = run();
  const m = data.metrics;
  assert.deepEqual(m.http_reqs, { type: 'counter', contains: 'default', values: { count: 200, rate: 20 } });
  assert.deepEqual(m.data_received.contains, 'data');
  assert.deepEqual(m.vus, { type: 'gauge', contains: 'default', values: { value: 4, min: 0, max: 4 } });
  assert.deepEqual(m.queue_depth.values, { value: 0, min: 0, max: 199 }, 'gauge value is the latest by sample time');
  assert.deepEqual(m.checks, { type: 'rate', contains: 'default', values: { rate: 180 / 200, passes: 180, fails: 20 } });
  assert.equal(m.http_req_duration.type, 'trend');
  assert.equal(m.http_req_duration.contains, 'time');
  assert.deepEqual(Object.keys(m.http_req_duration.values), TREND_STATS);
  assert.equal(m.http_req_duration.values.count, 200);
  assert.equal(m.http_req_duration.values.min, 10);
  assert.equal(m.http_req_duration.values.max, 59);
  assert.equal(m.server_infer.contains, 'time');
  assert.deepEqual(Object.keys(run({ trendStats: ['p(99.9)', 'med'] }).data.metrics.http_req_duration.values), ['p(99.9)', 'med']);
});

test('listed metrics: those with samples, every threshold key, and parents of threshold sub-metrics', () => {
  const { data } = run();
  const keys = Object.keys(data.metrics);
  assert.deepEqual(keys, [...keys].sort(), 'sorted');
  for (const k of ['checks{phase:measure}', 'http_req_duration{phase:measure}', 'iterations{phase:measure}', 'http_req_duration{level:8}', 'http_req_duration{expected_response:true}']) {
    assert.ok(keys.includes(k), k);
  }
  // no samples, but defined by thresholds (the sub-metric and its parent) → listed with zero values
  assert.deepEqual(data.metrics['dropped_iterations{scenario:peak}'], { type: 'counter', contains: 'default', values: { count: 0, rate: 0 } });
  assert.deepEqual(data.metrics.dropped_iterations.values, { count: 0, rate: 0 });
  assert.deepEqual(data.metrics.errors.values, { count: 0, rate: 0 });
  // neither samples nor thresholds → absent
  for (const k of ['http_req_blocked', 'grpc_req_duration', 'vus_max']) assert.ok(!keys.includes(k), k);
  assert.equal(data.metrics['http_req_duration{phase:measure}'].values.count, 180);
  assert.equal(data.metrics['http_req_duration{level:8}'].values.count, 100);
  assert.equal(data.metrics['iterations{phase:measure}'].values.count, 180);
});

test('thresholds in the data: {expr: {ok}} only where the key has thresholds', () => {
  const { data, thresholds } = run();
  assert.deepEqual(data.metrics['http_req_duration{phase:measure}'].thresholds, { 'p(99)<250': { ok: true }, 'avg<1': { ok: false } });
  assert.deepEqual(data.metrics['checks{phase:measure}'].thresholds, { 'rate>=0.99': { ok: false } });
  assert.deepEqual(data.metrics.errors.thresholds, { 'count<10': { ok: true } });
  assert.equal('thresholds' in data.metrics['iterations{phase:measure}'], false);
  assert.equal('thresholds' in data.metrics.http_reqs, false);
  assert.equal(thresholds.ok, false);
});

test('root_group: checks as arrays with k6 ids', () => {
  const { data } = run();
  const g = data.root_group;
  assert.deepEqual([g.name, g.path, g.id], ['', '', 'd41d8cd98f00b204e9800998ecf8427e']);
  assert.deepEqual(g.checks, [{ name: 'status ok', path: '::status ok', id: pathId('::status ok'), passes: 100, fails: 0 }]);
  assert.equal(g.groups.length, 1);
  assert.deepEqual(g.groups[0].checks.map((c) => [c.name, c.path, c.passes, c.fails]), [
    ['body ok', '::predict::body ok', 0, 20],
    ['status ok', '::predict::status ok', 80, 0],
  ]);
});

test('--summary-export: flattened values, thresholds true = FAILED, rate as {passes, fails, value}', () => {
  const { data } = run();
  const exp = buildSummaryExport(data);
  assert.deepEqual(Object.keys(exp).sort(), ['metrics', 'root_group']);
  assert.deepEqual(exp.metrics.http_reqs, { count: 200, rate: 20 });
  assert.deepEqual(exp.metrics.vus, { value: 4, min: 0, max: 4 });
  assert.deepEqual(exp.metrics.checks, { passes: 180, fails: 20, value: 0.9 });
  assert.deepEqual(exp.metrics['checks{phase:measure}'].thresholds, { 'rate>=0.99': true });
  const lat = exp.metrics['http_req_duration{phase:measure}'];
  assert.deepEqual(Object.keys(lat), [...TREND_STATS, 'thresholds']);
  assert.deepEqual(lat.thresholds, { 'p(99)<250': false, 'avg<1': true });
  assert.equal(exp.root_group.id, 'd41d8cd98f00b204e9800998ecf8427e');
  assert.deepEqual(exp.root_group.checks['status ok'], { name: 'status ok', path: '::status ok', id: pathId('::status ok'), passes: 100, fails: 0 });
  assert.deepEqual(Object.keys(exp.root_group.groups), ['predict']);
  assert.equal(exp.root_group.groups.predict.checks['body ok'].fails, 20);
});

test('the scenario readers find our values in both shapes', () => {
  const { data } = run();
  const exp = buildSummaryExport(data);
  assert.equal(metricValues(data as never, 'http_req_duration{level:8}')?.count, 100);
  assert.equal(metricValues(exp as never, 'http_req_duration{level:8}')?.count, 100);
  assert.equal(metricValues(exp as never, 'checks{phase:measure}')?.value, 162 / 180);
});

test('time, data and number formatting as k6 prints them', () => {
  assert.equal(formatTime(0), '0s');
  assert.equal(formatTime(0.0008), '800ns');
  assert.equal(formatTime(0.01225), '12.25µs');
  assert.equal(formatTime(0.007), '7µs');
  assert.equal(formatTime(140.3649), '140.36ms');
  assert.equal(formatTime(1350), '1.35s');
  assert.equal(formatTime(90_500), '1m30.5s');
  assert.equal(formatTime(3_723_000), '1h2m3s');
  assert.equal(formatTime(140.3649, 'ms'), '140.36ms');
  assert.equal(formatTime(1500, 's'), '1.5s');
  assert.equal(formatTime(1.5, 'us'), '1500µs');
  assert.equal(formatBytes(830), '830 B');
  assert.equal(formatBytes(4900), '4.9 kB');
  assert.equal(formatBytes(519_000), '519 kB');
  assert.equal(formatBytes(7_100_000), '7.1 MB');
  assert.equal(formatBytes(5), '5 B');
});

test('text summary: thresholds ✓/✗ with values, checks, one line per metric with units', () => {
  const { data, thresholds } = run();
  const text = textSummary(data, { thresholds });
  const lines = text.split('\n');
  const line = (start: string) => lines.find((l) => l.trimStart().startsWith(start)) ?? assert.fail(`no line starting ${start}\n${text}`);
  assert.match(text, /█ THRESHOLDS/);
  assert.match(text, /█ TOTAL RESULTS/);
  assert.match(line("✓ 'p(99)<250'"), /p\(99\)=\d+(\.\d+)?ms$/);
  assert.match(line("✗ 'avg<1'"), /avg=\d+(\.\d+)?ms$/);
  assert.match(line("✗ 'rate>=0.99'"), /rate=90\.00%$/);
  assert.match(line("✓ 'count<10'"), /count=0$/);
  assert.match(line('checks_total'), /: 200 +20\/s$/);
  assert.match(line('checks_succeeded'), /: 90\.00% +180 out of 200$/);
  assert.match(line('checks_failed'), /: 10\.00% +20 out of 200$/);
  assert.ok(lines.some((l) => l.trim() === '✓ status ok'));
  assert.ok(lines.some((l) => l.trim() === '✗ body ok'));
  assert.match(line('↳'), /0% — ✓ 0 \/ ✗ 20/);
  assert.match(line('http_req_duration.'), /: avg=\S+ms +min=10ms +med=\S+ +max=59ms +p\(90\)=\S+ +p\(95\)=\S+ +p\(99\)=\S+ +count=200$/);
  assert.match(line('{ phase:measure }'), /count=180$/);
  assert.match(line('{ expected_response:true }'), /count=200$/);
  assert.match(line('http_reqs.'), /: 200 +20\/s$/);
  assert.match(line('data_received.'), /: 500 kB +50 kB\/s$/);
  assert.match(line('vus.'), /: 4 +min=0 +max=4$/);
  assert.match(line('server_infer.'), /avg=\d+(\.\d+)?µs/);
  assert.match(line('queue_depth.'), /: 0 +min=0 +max=199$/);
  for (const section of ['CUSTOM', 'HTTP', 'EXECUTION', 'NETWORK']) assert.ok(lines.some((l) => l.trim() === section), section);
  const order = ['CUSTOM', 'HTTP', 'EXECUTION', 'NETWORK'].map((s) => lines.findIndex((l) => l.trim() === s));
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  assert.ok(!lines.some((l) => /^\s*checks\.{2,}/.test(l)), 'checks shows as checks_total/succeeded/failed');
  const colon = lines.filter((l) => /\.{2,}: /.test(l)).map((l) => l.indexOf(': '));
  assert.equal(new Set(colon).size, 1, 'labels padded to one width');
  assert.ok(!text.includes('\x1b['), 'no colors unless asked');
  assert.ok(textSummary(data, { enableColors: true }).includes('\x1b[32m✓\x1b[0m'));
  assert.ok(textSummary(data, { indent: '> ' }).split('\n').filter(Boolean).every((l) => l.startsWith('> ')));
});

test('an empty run still summarises', () => {
  const registry = new MetricRegistry();
  const data = buildSummaryData({ store: new MetricStore(registry), checks: new ChecksTree(), testRunDurationMs: 0 });
  assert.deepEqual(data.metrics, {});
  assert.deepEqual(data.options.summaryTrendStats, ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
  assert.deepEqual(data.root_group.checks, []);
  assert.match(textSummary(data), /█ TOTAL RESULTS/);
  assert.throws(() => buildSummaryData({ store: new MetricStore(registry), checks: new ChecksTree(), testRunDurationMs: 0, options: { summaryTrendStats: ['avg', 'p(200)'] } }), /p\(200\)/);
});
