/** summary-reader on summaries in both shapes k6 writes (fixtures/k6-summary.ts builds them from a plan's steps). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { readStep, readWindow, readWindows, warmupFailures, type K6Summary } from '../../runner/report/summary-reader.ts';
import { fakeSummary, rate, trend } from './fixtures/k6-summary.ts';

/** k6's --summary-export shape: a metric's stats sit on the metric itself, not under `values`. */
const exportShape = (s: K6Summary): K6Summary => ({ ...s, metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, m]) => [k, { ...(m.values as object) }])) });

describe('summary-reader', () => {
  const concurrency = PROFILES.concurrency.plan({ ...PROFILES.concurrency.defaults.short, levels: [1, 4], stepMs: 2000 });

  it('reads a timed step: requests over its hold, latency stats, error and check rates, server timing', () => {
    const s = fakeSummary(concurrency.steps, [{ requests: 50, avgMs: 4, failed: 5, checkFails: 20, inferMs: 2 }, { requests: 120, avgMs: 8 }]);
    const w = readStep(s, 'rest', concurrency.steps[0]);
    assert.equal(w.window, 'vus=1');
    assert.deepEqual(w.label, { name: 'vus', value: 1 });
    assert.equal(w.requests, 50);
    assert.equal(w.throughputRps, 25);
    assert.deepEqual(w.latency, { mean: 4, p50: 4, p90: 6, p95: 8, p99: 10, max: 12 });
    assert.equal(w.errorRate, 0.1);
    assert.equal(w.checkRate, 0.9);
    assert.deepEqual(w.serverTiming, { infer: 2 });
  });

  it('reads --summary-export (flat stats) the same as handleSummary data', () => {
    const s = fakeSummary(concurrency.steps, [{ requests: 50, avgMs: 4, failed: 1 }, { requests: 120, avgMs: 8 }]);
    assert.deepEqual(readWindows(exportShape(s), concurrency.steps, 'rest'), readWindows(s, concurrency.steps, 'rest'));
  });

  it('a sequential step runs over its repetitions’ wall time and keeps each repetition', () => {
    const paper = PROFILES.paper.plan({ ...PROFILES.paper.defaults.short, paperN: [10], paperRepeats: 2 });
    const s = fakeSummary(paper.steps, [{ requests: 20, avgMs: 5, repSeconds: [0.25, 0.75] }]);
    const [w] = readWindows(s, paper.steps, 'rest');
    assert.deepEqual(w.paperSeconds, [0.25, 0.75]);
    assert.equal(w.throughputRps, 20);
    assert.equal(w.window, 'n=10');
  });

  it('steps without requests are no window; gRPC reads grpc_req_duration', () => {
    const s = fakeSummary(concurrency.steps, [{ requests: 0, avgMs: 0 }, { requests: 30, avgMs: 2 }], 'grpc_req_duration');
    assert.deepEqual(readWindows(s, concurrency.steps, 'grpc').map((w) => [w.window, w.requests]), [['vus=4', 30]]);
    assert.deepEqual(readWindows(s, concurrency.steps, 'rest'), []);
  });

  it('error rate falls back to http_req_failed, then to the `status ok` check, for summaries without request_failed', () => {
    const base = { 'http_req_duration{level:1}': trend(10, 1) };
    const withHttp: K6Summary = { metrics: { ...base, 'http_req_failed{level:1}': rate(2, 8) } };
    assert.equal(readWindow(withHttp, 'rest', 'vus=1', '{level:1}', 1).errorRate, 0.2);
    const withCheck: K6Summary = { metrics: base, root_group: { checks: [{ name: 'status ok', passes: 3, fails: 1 }] } };
    assert.equal(readWindow(withCheck, 'rest', 'vus=1', '{level:1}', 1).errorRate, 0.25);
  });

  it('warm-up failures: counted when recorded, undefined when not', () => {
    assert.equal(warmupFailures({ metrics: { 'request_failed{phase:warmup}': rate(3, 17) } }), 3);
    assert.equal(warmupFailures({ metrics: {} }), undefined);
  });
});
