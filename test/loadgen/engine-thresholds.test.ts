/**
 * End to end, through `servebench load`: thresholds over metrics with known values (fixture
 * thresholds.js). Every grammar form (avg, min, max, med, p(N), count, rate, value; every operator;
 * the string and object forms) passes where it should and fails where it should, on custom and
 * built-in metrics and on sub-metric selectors; handleSummary's data marks each one ok or not; a
 * failed threshold exits 99, all passing exits 0; abortOnFail ends the test early (after
 * delayAbortEval); a malformed threshold is a configuration error (104).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describe as describeRun, EXIT, fixture, runEngine, startTarget, type EngineRun, type Target } from './helpers/run-engine.ts';

const SCRIPT = fixture('thresholds');
let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

interface Summary {
  metrics: Record<string, { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  state: { testRunDurationMs: number };
}
const summaryOf = (r: EngineRun): Summary => {
  assert.ok(r.files['summary.json'], `no summary.json\n${describeRun(r)}`);
  return JSON.parse(r.files['summary.json']) as Summary;
};

/** metric or selector → [expression, should pass]. Values: t_val 1…10, c_val 10, r_val 0.8, g_val 10. */
const CASES: Record<string, [string | { threshold: string; abortOnFail?: boolean }, boolean][]> = {
  t_val: [
    ['avg<6', true], ['avg>6', false], ['min==1', true], ['min>1', false], ['max<=10', true], ['max<10', false],
    ['med>5', true], ['med<5', false], ['p(90)<9.5', true], ['p(90)<9', false], ['p(99.9)<=10', true], ['p(50) >= 5', true],
  ],
  c_val: [['count==10', true], ['count>10', false], ['count>=10', true], ['rate>0', true], [{ threshold: 'count<5', abortOnFail: false }, false]],
  r_val: [['rate>0.79', true], ['rate>0.81', false], ['rate!=0.5', true]],
  g_val: [['value===10', true], ['value<10', false]],
  't_val{kind:even}': [['min==2', true], ['min>2', false], ['max==10', true]],
  't_val{kind:odd}': [['max<10', true], ['avg==5', true]],
  'http_req_duration{name:fast}': [['avg<5000', true], ['max<0', false]],
  'http_reqs{name:missing}': [['count==2', true], ['count>2', false]],
  http_req_failed: [['rate<0.2', true], ['rate<0.1', false]],
  'http_req_failed{name:fast}': [['rate==0', true]],
};
const source = (e: string | { threshold: string }) => (typeof e === 'string' ? e : e.threshold);
const config = (keep: (pass: boolean) => boolean) =>
  Object.fromEntries(Object.entries(CASES).map(([k, list]) => [k, list.filter(([, pass]) => keep(pass)).map(([e]) => e)]).filter(([, l]) => l.length));

test('every threshold form passes or fails as the values say; the summary marks each; exit 99', async () => {
  const r = await runEngine(SCRIPT, { vars: { TARGET: target.url, THRESHOLDS: config(() => true) } });
  assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
  const s = summaryOf(r);
  const wrong: string[] = [];
  for (const [key, list] of Object.entries(CASES)) {
    assert.ok(s.metrics[key], `summary lists ${key}`);
    for (const [e, pass] of list) {
      const t = s.metrics[key].thresholds?.[source(e)];
      if (!t || t.ok !== pass) wrong.push(`${key} '${source(e)}': expected ${pass ? 'ok' : 'failed'}, got ${JSON.stringify(t)}`);
    }
  }
  assert.deepEqual(wrong, [], `values: ${JSON.stringify(Object.fromEntries(Object.entries(s.metrics).filter(([k]) => k in CASES).map(([k, m]) => [k, m.values])))}`);
  // The sub-metrics are in the summary with their own values.
  assert.equal(s.metrics['t_val{kind:even}'].values.min, 2);
  assert.equal(s.metrics['http_reqs{name:missing}'].values.count, 2);
  assert.match(r.stderr, /thresholds on metrics '[^']*c_val[^']*' have been crossed/, 'the crossed thresholds are reported as k6 reports them');
});

test('only passing thresholds: exit 0', async () => {
  const r = await runEngine(SCRIPT, { vars: { TARGET: target.url, THRESHOLDS: config((pass) => pass) } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const s = summaryOf(r);
  for (const [key, m] of Object.entries(s.metrics)) for (const [e, t] of Object.entries(m.thresholds ?? {})) assert.ok(t.ok, `${key} '${e}'`);
});

test('one failing threshold among passing ones is enough for exit 99', async () => {
  const r = await runEngine(SCRIPT, { vars: { THRESHOLDS: { c_val: ['count==10'], r_val: ['rate<0.5'] } } });
  assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
  const s = summaryOf(r);
  assert.deepEqual(s.metrics.c_val.thresholds, { 'count==10': { ok: true } });
  assert.deepEqual(s.metrics.r_val.thresholds, { 'rate<0.5': { ok: false } });
});

const LONG = { s: { executor: 'constant-vus', vus: 1, duration: '20s' } };

test('abortOnFail stops a 20 s test as soon as the threshold fails (exit 99)', async () => {
  const r = await runEngine(SCRIPT, { vars: { SCENARIOS: LONG, SLEEP: '0.05', THRESHOLDS: { c_val: [{ threshold: 'count<5', abortOnFail: true }] } } });
  assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
  const s = summaryOf(r);
  assert.ok(s.state.testRunDurationMs < 5000, `aborted after ${s.state.testRunDurationMs} ms`);
  assert.deepEqual(s.metrics.c_val.thresholds, { 'count<5': { ok: false } });
  assert.ok(r.wallMs < 15_000, `the process took ${r.wallMs} ms`);
});

test('abortOnFail waits for delayAbortEval before aborting', async () => {
  const r = await runEngine(SCRIPT, { vars: { SCENARIOS: LONG, SLEEP: '0.05', THRESHOLDS: { c_val: [{ threshold: 'count<5', abortOnFail: true, delayAbortEval: '2500ms' }] } } });
  assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
  const s = summaryOf(r);
  assert.ok(s.state.testRunDurationMs >= 2400 && s.state.testRunDurationMs < 7000, `aborted after ${s.state.testRunDurationMs} ms`);
});

test('a threshold that does not parse, names no metric, or uses a stat its type lacks: exit 104', async () => {
  for (const bad of [{ t_val: ['p(90)<abc'] }, { no_such_metric: ['count>0'] }, { t_val: ['value<1'] }, { t_val: ['avg<<1'] }]) {
    const r = await runEngine(SCRIPT, { vars: { THRESHOLDS: bad } });
    assert.equal(r.code, EXIT.invalidConfig, `${JSON.stringify(bad)}: ${describeRun(r)}`);
  }
});
