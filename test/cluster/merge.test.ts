/**
 * `servebench merge` on two recorded instance results (built with the engine's own MetricStore
 * and ChecksTree from known samples): exact totals, percentiles equal to those of both
 * instances' raw samples together (within the histogram's error bound), thresholds evaluated
 * on the merged data (exit 99 when they fail there), results read from pod logs, and overlapping
 * segments refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { ChecksTree } from '../../loadgen/metrics/checks-tree.ts';
import { MetricRegistry } from '../../loadgen/metrics/metric-registry.ts';
import { MetricStore } from '../../loadgen/metrics/metric-store.ts';
import { INSTANCE_RESULT_KIND, type InstanceResult } from '../../loadgen/run/instance-result.ts';
import { assertTrendMatches } from './helpers/exact-stats.ts';

const CLI = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sb-merge-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random latencies (ms), log-normal-ish, different per instance. */
function latencies(seed: number, n: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => Math.exp(Math.log(3) + 0.8 * (next() + next() + next() - 1.5)) * (1 + seed / 10));
}

function recorded(id: string, segment: string, samples: number[], fails: number, startedAt: number): InstanceResult {
  const store = new MetricStore(new MetricRegistry(), ['http_req_duration{expected_response:true}']);
  const checks = new ChecksTree();
  samples.forEach((v, i) => {
    const ok = i >= fails;
    store.addValue('http_req_duration', v, startedAt + i, { expected_response: String(ok), scenario: 's' });
    store.addValue('http_reqs', 1, startedAt + i, { scenario: 's' });
    store.addValue('http_req_failed', ok ? 0 : 1, startedAt + i, {});
    store.addValue('iterations', 1, startedAt + i, {});
    checks.addCheck('', 'status is 200', ok);
  });
  store.addValue('vus', 4, startedAt, {});
  return {
    kind: INSTANCE_RESULT_KIND, v: 1,
    instance: { id, hostname: `host-${id}`, pid: 1, segment, sequence: '0,1/2,1', startAt: startedAt - 100, initDoneAt: startedAt - 500, beganAt: startedAt - 40, testStartedAt: startedAt, endedAt: startedAt + 10_000 },
    exitCode: 0, testRunDurationMs: 10_000,
    thresholds: { 'http_req_duration': ['p(95)<1000'], iterations: ['count>=5000'], 'http_req_failed': ['rate<0.01'] },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'], summaryTimeUnit: '', tags: { instance_id: id },
    metrics: store.snapshot(), checks: checks.snapshot(),
  };
}

const a = latencies(1, 3000);
const b = latencies(7, 2500);
const T0 = 1_800_000_000_000;
const ra = recorded('0', '0:1/2', a, 10, T0);
const rb = recorded('1', '1/2:1', b, 5, T0 + 12);

function merge(files: string[], extra: string[] = []) {
  const json = join(dir, `merged-${Math.random()}.json`);
  const r = spawnSync(process.execPath, [CLI, 'merge', '--json', json, ...extra, ...files], { encoding: 'utf8' });
  let data: any;
  try {
    data = JSON.parse(readFileSync(json, 'utf8'));
  } catch {
    data = undefined;
  }
  return { ...r, data };
}

test('two results: exact totals, percentiles of the raw samples together, thresholds on the merged data', () => {
  writeFileSync(join(dir, 'a.json'), JSON.stringify(ra));
  writeFileSync(join(dir, 'b.json'), JSON.stringify(rb));
  const r = merge([join(dir, 'a.json'), join(dir, 'b.json')]);
  // Alone, instance 0 has 3000 < 5000 iterations; merged, 5500 pass count>=5000.
  assert.equal(r.status, 0, r.stderr);
  const m = r.data.metrics;
  assert.equal(m.iterations.values.count, 5500);
  assert.equal(m.http_reqs.values.count, 5500);
  assert.equal(m.http_req_failed.values.passes, 15);
  assert.equal(m.http_req_failed.values.fails, 5485);
  assert.equal(m.iterations.values.rate, 5500 / 10.012, 'rate over the merged run time (earliest start to latest end)');
  assertTrendMatches(m.http_req_duration.values, [...a, ...b], 'http_req_duration');
  assertTrendMatches(m['http_req_duration{expected_response:true}'].values, [...a.slice(10), ...b.slice(5)], 'http_req_duration{expected_response:true}');
  assert.ok(Math.abs(m.http_req_duration.values.avg - [...a, ...b].reduce((s, v) => s + v, 0) / 5500) < 1e-9);
  assert.deepEqual(r.data.root_group.checks.map((c: any) => [c.name, c.passes, c.fails]), [['status is 200', 5485, 15]]);
  assert.equal(m.iterations.thresholds['count>=5000'].ok, true);
  assert.equal(r.data.cluster.instances, 2);
  assert.equal(r.data.cluster.clockSkewMs, 12);
  assert.equal(r.data.cluster.complete, true);
  assert.match(r.stdout, /merged 2 instances: 0 \(0:1\/2\), 1 \(1\/2:1\)/);
  assert.match(r.stdout, /clock skew \(spread of scenario start times\): 12 ms/);
});

test('a threshold failing on the merged data exits 99; results are read from pod logs and directories', () => {
  const fail = { ...rb, thresholds: { ...rb.thresholds, http_req_failed: ['rate<0.002'] } };
  const failA = { ...ra, thresholds: fail.thresholds };
  const logs = join(dir, 'logs');
  spawnSync('mkdir', ['-p', logs]);
  writeFileSync(join(logs, 'pod-0.log'), `running…\n${JSON.stringify(failA)}\n     checks.........: 99.6%\n`);
  writeFileSync(join(logs, 'pod-1.log'), `WARN something\n${JSON.stringify(fail)}\n`);
  writeFileSync(join(logs, 'unrelated.json'), '{"not":"a result"}');
  const r = merge([logs]);
  assert.equal(r.status, 99, r.stderr);
  assert.match(r.stderr, /http_req_failed rate<0\.002/);
  assert.equal(r.data.metrics.iterations.values.count, 5500);
  assert.equal(r.data.metrics.http_req_failed.thresholds['rate<0.002'].ok, false);
});

test('overlapping segments, different sequences and a missing result are refused (exit 2)', () => {
  writeFileSync(join(dir, 'dup.json'), JSON.stringify({ ...rb, instance: { ...rb.instance, segment: '0:1/2' } }));
  let r = merge([join(dir, 'a.json'), join(dir, 'dup.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /overlaps another instance's segment/);
  writeFileSync(join(dir, 'seq.json'), JSON.stringify({ ...rb, instance: { ...rb.instance, sequence: '0,1/3,2/3,1', segment: '2/3:1' } }));
  r = merge([join(dir, 'a.json'), join(dir, 'seq.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /different --execution-segment-sequence/);
  r = merge([join(dir, 'nothing-here.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file/);
  // One of two instances only: merged, with a warning that totals cover part of the test.
  r = merge([join(dir, 'a.json')]);
  assert.match(r.stdout, /WARN the instances' segments \(0:1\/2\) do not cover the whole test/);
});
