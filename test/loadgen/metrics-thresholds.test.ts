/** Thresholds: grammar, validation (ThresholdConfigError), evaluation, no-sample rules, abortOnFail. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customMetricDef, MetricRegistry } from '../../loadgen/metrics/metric-registry.ts';
import { MetricStore } from '../../loadgen/metrics/metric-store.ts';
import { parseDelayMs, parseThresholdExpression, ThresholdConfigError, Thresholds } from '../../loadgen/metrics/thresholds.ts';

function setup(config: Record<string, unknown>) {
  const registry = new MetricRegistry();
  registry.register(customMetricDef('gauge', 'content_size'));
  registry.register(customMetricDef('trend', 'server_infer', true));
  const thresholds = Thresholds.parse(config, registry);
  const store = new MetricStore(registry, thresholds.submetricSelectors());
  const add = (metric: string, value: number, tags: Record<string, string> = {}, time = 0) => store.add({ metric, value, time, tags });
  const okOf = () => thresholds.summaryResults();
  return { registry, thresholds, store, add, okOf };
}

test('expression grammar: stats, operators, spaces, numbers', () => {
  assert.deepEqual(parseThresholdExpression('avg<200'), { source: 'avg<200', stat: 'avg', op: '<', value: 200 });
  assert.deepEqual(parseThresholdExpression('p(99.9) <= 1'), { source: 'p(99.9) <= 1', stat: 'p(99.9)', op: '<=', value: 1 });
  assert.deepEqual(parseThresholdExpression(' p( 95 )>=-1.5e2 '), { source: ' p( 95 )>=-1.5e2 ', stat: 'p(95)', op: '>=', value: -150 });
  for (const op of ['<', '<=', '>', '>=', '==', '===', '!=']) assert.equal(parseThresholdExpression(`rate${op}0.5`).op, op);
  for (const stat of ['avg', 'min', 'max', 'med', 'count', 'rate', 'value']) assert.equal(parseThresholdExpression(`${stat} < 1`).stat, stat);
});

test('bad expressions are ThresholdConfigError (exit code 104) with the reason', () => {
  const cases: [string, RegExp][] = [
    ['avg', /<stat> <operator> <number>/],
    ['avg = 3', /<stat> <operator> <number>/],
    ['mean<3', /unknown aggregation "mean"/],
    ['p(101)<3', /between 0 and 100/],
    ['p(x)<3', /between 0 and 100/],
    ['avg<fast', /"fast" is not a number/],
    ['avg<', /"" is not a number/],
    ['avg<<3', /"<3" is not a number/],
  ];
  for (const [src, re] of cases) {
    assert.throws(() => parseThresholdExpression(src), (e: Error) => e instanceof ThresholdConfigError && e.exitCode === 104 && re.test(e.message), src);
  }
});

test('config validation: stat must fit the metric type, metric must exist, shapes must be right', () => {
  const reg = new MetricRegistry();
  const bad: [unknown, RegExp][] = [
    [{ checks: ['p(95)<1'] }, /p\(95\) does not apply to a rate metric \(use rate\)/],
    [{ http_reqs: ['avg<1'] }, /avg does not apply to a counter metric \(use count, rate\)/],
    [{ vus: ['rate<1'] }, /does not apply to a gauge/],
    [{ http_req_duration: ['count>1'] }, /count does not apply to a trend/],
    [{ http_req_duration: ['value>1'] }, /does not apply to a trend/],
    [{ no_such_metric: ['count>1'] }, /no metric named "no_such_metric"/],
    [{ 'no_such{a:b}': [] }, /no metric named "no_such"/],
    [{ 'http_reqs{a:1': [] }, /missing closing/],
    [{ http_reqs: 'count>1' }, /must be a list/],
    [{ http_reqs: [{ abortOnFail: true }] }, /must be a string or \{threshold/],
    [{ http_reqs: [{ threshold: 'count>1', abortOnFail: 'yes' }] }, /abortOnFail must be a boolean/],
    [{ http_reqs: [{ threshold: 'count>1', delayAbortEval: 'soon' }] }, /delayAbortEval: "soon" is not a duration/],
    [['count>1'], /must be an object/],
  ];
  for (const [config, re] of bad) assert.throws(() => Thresholds.parse(config, reg), (e: Error) => e instanceof ThresholdConfigError && re.test(e.message), JSON.stringify(config));
  assert.equal(Thresholds.parse(undefined, reg).keys.length, 0);
});

test('every stat form passes and fails where it should', () => {
  const pass = setup({
    http_req_duration: ['avg<200', 'p(99)<500', 'p(99.9) <= 1000', 'med>=40', 'min>0', 'max<=1000', 'p(50)!=0'],
    http_req_failed: ['rate<0.5'],
    checks: ['rate>0.99'],
    http_reqs: ['count>10', 'rate>=1', 'count===20', 'count==20'],
    content_size: ['value<4000'],
  });
  const fail = setup({
    http_req_duration: ['avg>=200', 'p(99)<10', 'p(99.9) <= 1', 'med<40', 'min>50', 'max<100', 'p(50)==0'],
    http_req_failed: ['rate>=0.5'],
    checks: ['rate<1'],
    http_reqs: ['count<=10', 'rate<1', 'count!=20', 'count===21'],
    content_size: ['value>4000'],
  });
  for (const s of [pass, fail]) {
    for (let i = 1; i <= 20; i++) {
      s.add('http_req_duration', i * 10);
      s.add('http_reqs', 1);
      s.add('http_req_failed', i % 4 === 0 ? 1 : 0);
      s.add('checks', 1);
      s.add('content_size', i === 20 ? 3000 : 9000, {}, i);
    }
  }
  const p = pass.thresholds.evaluate(pass.store, 10_000, { final: true });
  assert.deepEqual(p, { ok: true, abort: false });
  for (const t of pass.thresholds.results()) assert.ok(t.ok, `${t.key} ${t.source} should pass (actual ${t.actual})`);
  const f = fail.thresholds.evaluate(fail.store, 10_000, { final: true });
  assert.equal(f.ok, false);
  for (const t of fail.thresholds.results()) assert.equal(t.ok, false, `${t.key} ${t.source} should fail (actual ${t.actual})`);
  assert.deepEqual(Object.keys(fail.okOf()).sort(), ['checks', 'content_size', 'http_req_duration', 'http_req_failed', 'http_reqs']);
  assert.deepEqual(fail.okOf().http_reqs, { 'count<=10': { ok: false }, 'rate<1': { ok: false }, 'count!=20': { ok: false }, 'count===21': { ok: false } });
});

test('sub-metric thresholds judge only matching samples; [] only creates the sub-metric', () => {
  const s = setup({ 'http_req_duration{phase:measure}': ['p(99)<100'], 'iterations{phase:measure}': [], 'server_infer{level:8}': [] });
  assert.deepEqual(s.thresholds.submetricSelectors(), ['http_req_duration{phase:measure}', 'iterations{phase:measure}', 'server_infer{level:8}']);
  assert.deepEqual(s.thresholds.keys, ['http_req_duration{phase:measure}', 'iterations{phase:measure}', 'server_infer{level:8}']);
  s.add('http_req_duration', 5000, { phase: 'warmup' });
  s.add('http_req_duration', 50, { phase: 'measure' });
  assert.equal(s.thresholds.evaluate(s.store, 1000, { final: true }).ok, true);
  s.add('http_req_duration', 500, { phase: 'measure' });
  assert.equal(s.thresholds.evaluate(s.store, 1000, { final: true }).ok, false);
  assert.deepEqual(s.okOf(), { 'http_req_duration{phase:measure}': { 'p(99)<100': { ok: false } } });
});

test('no samples: skipped during the run; at the end zeros are judged, except Rate metrics (stay ok)', () => {
  const s = setup({
    http_reqs: ['count>10'],
    iterations: ['count<10'],
    http_req_duration: ['p(99)<500'],
    iteration_duration: ['avg>10'],
    checks: ['rate>0.99'],
    content_size: ['value>1'],
  });
  assert.deepEqual(s.thresholds.evaluate(s.store, 1000), { ok: true, abort: false });
  assert.ok(s.thresholds.results().every((t) => !t.evaluated));
  s.thresholds.evaluate(s.store, 2000, { final: true });
  const byKey = Object.fromEntries(s.thresholds.results().map((t) => [t.key, t]));
  assert.equal(byKey.http_reqs.ok, false);
  assert.equal(byKey.iterations.ok, true);
  assert.equal(byKey.http_req_duration.ok, true);
  assert.equal(byKey.iteration_duration.ok, false);
  assert.equal(byKey.content_size.ok, false);
  assert.equal(byKey.checks.ok, true);
  assert.equal(byKey.checks.evaluated, false);
});

test('only the last evaluation counts', () => {
  const s = setup({ http_req_duration: ['avg<100'] });
  s.add('http_req_duration', 1000);
  assert.equal(s.thresholds.evaluate(s.store, 1000).ok, false);
  for (let i = 0; i < 100; i++) s.add('http_req_duration', 1);
  assert.equal(s.thresholds.evaluate(s.store, 2000, { final: true }).ok, true);
});

test('abortOnFail aborts once delayAbortEval has passed; plain thresholds never abort', () => {
  const s = setup({
    http_req_duration: [{ threshold: 'p(99)<10', abortOnFail: true, delayAbortEval: '10s' }, 'avg<1'],
    http_reqs: [{ threshold: 'count<1', abortOnFail: false }],
  });
  s.add('http_req_duration', 500);
  s.add('http_reqs', 1);
  assert.deepEqual(s.thresholds.evaluate(s.store, 5000), { ok: false, abort: false });
  assert.equal(s.thresholds.shouldAbort(5000), false);
  assert.equal(s.thresholds.shouldAbort(10_000), true);
  assert.deepEqual(s.thresholds.evaluate(s.store, 10_000), { ok: false, abort: true });
  const t = s.thresholds.results().find((r) => r.abortOnFail)!;
  assert.equal(t.delayAbortEvalMs, 10_000);
  assert.equal(s.thresholds.evaluate(s.store, 60_000, { final: true }).abort, false, 'the final evaluation never aborts');
  const noDelay = setup({ checks: [{ threshold: 'rate>0.9', abortOnFail: true }] });
  noDelay.add('checks', 0);
  assert.equal(noDelay.thresholds.evaluate(noDelay.store, 1).abort, true);
});

test('delayAbortEval durations', () => {
  assert.equal(parseDelayMs('10s', 'x'), 10_000);
  assert.equal(parseDelayMs('1m30s', 'x'), 90_000);
  assert.equal(parseDelayMs('1.5h', 'x'), 5_400_000);
  assert.equal(parseDelayMs('250ms', 'x'), 250);
  assert.equal(parseDelayMs('0', 'x'), 0);
  assert.equal(parseDelayMs(undefined, 'x'), 0);
  assert.equal(parseDelayMs(1500, 'x'), 1500);
  assert.equal(parseDelayMs('10', 'x'), 10_000, 'a bare number of seconds, as every k6 duration option in this engine');
  for (const bad of ['', 'ten s', '10 s', -1]) assert.throws(() => parseDelayMs(bad, 'x'), ThresholdConfigError, String(bad));
});

test('counter rate in thresholds uses the elapsed time', () => {
  const s = setup({ iterations: ['rate>=10'] });
  for (let i = 0; i < 50; i++) s.add('iterations', 1);
  assert.equal(s.thresholds.evaluate(s.store, 5000).ok, true);
  assert.equal(s.thresholds.evaluate(s.store, 6000).ok, false);
  assert.ok(Math.abs(s.thresholds.results()[0].actual! - 50 / 6) < 1e-12);
});
