/** Metric registry name rules and conflicts, selector parsing, and the checks group tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChecksTree, pathId } from '../../loadgen/metrics/checks-tree.ts';
import { customMetricDef, MetricConflictError, MetricNameError, MetricRegistry, metricNameProblem } from '../../loadgen/metrics/metric-registry.ts';
import { BUILTIN_METRICS } from '../../loadgen/metrics/sample.ts';
import { matchesTags, parseSelector, SelectorError, tagMatcher } from '../../loadgen/metrics/selector.ts';

test('registry knows the built-ins and looks metrics up', () => {
  const r = new MetricRegistry();
  for (const d of BUILTIN_METRICS) assert.deepEqual(r.get(d.name), d);
  assert.equal(r.get('nope'), undefined);
  assert.equal(r.has('http_req_duration'), true);
});

test('custom metric names: letters, numbers, _; not starting with a number; at most 128', () => {
  for (const ok of ['my_trend', '_x', 'Ünïcode_метрика', 'a1', 'x'.repeat(128)]) assert.equal(metricNameProblem(ok), null, ok);
  for (const bad of ['', '1abc', 'has-dash', 'has space', 'dot.ted', 'x'.repeat(129), 'a{b:c}']) assert.notEqual(metricNameProblem(bad), null, bad);
  const r = new MetricRegistry();
  assert.throws(() => r.register(customMetricDef('trend', '9lives')), MetricNameError);
});

test('re-registering: same type and contains returns the existing one; otherwise a clear error', () => {
  const r = new MetricRegistry();
  const a = r.register(customMetricDef('trend', 'server_infer', true));
  assert.deepEqual(a, { name: 'server_infer', type: 'trend', contains: 'time' });
  assert.equal(r.register(customMetricDef('trend', 'server_infer', true)), a);
  assert.throws(() => r.register(customMetricDef('counter', 'server_infer')), (e: Error) => e instanceof MetricConflictError && /already exists as a trend/.test(e.message));
  assert.throws(() => r.register(customMetricDef('trend', 'server_infer', false)), MetricConflictError);
  assert.throws(() => r.register(customMetricDef('gauge', 'http_req_duration')), MetricConflictError);
  assert.equal(r.register({ name: 'http_reqs', type: 'counter', contains: 'default' }).name, 'http_reqs');
  assert.deepEqual(r.all().at(-1), a);
});

test('selectors: names, tags, whitespace, quotes, colons in values, canonical key', () => {
  assert.deepEqual(parseSelector('http_reqs'), { metric: 'http_reqs', tags: {}, key: 'http_reqs' });
  assert.deepEqual(parseSelector('http_req_duration{phase:measure}'), { metric: 'http_req_duration', tags: { phase: 'measure' }, key: 'http_req_duration{phase:measure}' });
  assert.deepEqual(parseSelector('paper_batch_seconds{n:100,rep:2}').tags, { n: '100', rep: '2' });
  assert.deepEqual(parseSelector('group_duration{group:::setup}').tags, { group: '::setup' });
  assert.deepEqual(parseSelector('http_req_duration{ name : "my url" , status:\'200\' }'), {
    metric: 'http_req_duration',
    tags: { name: 'my url', status: '200' },
    key: 'http_req_duration{name : "my url" , status:\'200\'}',
  });
  assert.deepEqual(parseSelector('x{url:http://a:8080/p}').tags, { url: 'http://a:8080/p' });
  assert.deepEqual(parseSelector('x{a:1,}').tags, { a: '1' });
});

test('malformed selectors fail with the reason', () => {
  assert.throws(() => parseSelector('x{a:1'), (e: Error) => e instanceof SelectorError && /missing closing/.test(e.message));
  assert.throws(() => parseSelector('x{}'), /no tags/);
  assert.throws(() => parseSelector('x{novalue}'), /is not tag:value/);
  assert.throws(() => parseSelector('{a:1}'), /no metric name/);
  assert.throws(() => parseSelector('x{:1}'), /empty tag name/);
  assert.throws(() => parseSelector('x}'), /without/);
  assert.throws(() => parseSelector(''), /empty/);
});

test('tag matching: every selector tag present and equal, extra sample tags ignored', () => {
  const m = tagMatcher({ phase: 'measure', level: '8' });
  assert.equal(matchesTags(m, { phase: 'measure', level: '8', url: 'u' }), true);
  assert.equal(matchesTags(m, { phase: 'measure' }), false);
  assert.equal(matchesTags(m, { phase: 'measure', level: '80' }), false);
  assert.equal(matchesTags(tagMatcher({ url: '' }), {}), false);
  assert.equal(matchesTags(tagMatcher({ url: '' }), { url: '' }), true);
});

test('check ids and paths are k6\'s: md5 of the path', () => {
  assert.equal(pathId(''), 'd41d8cd98f00b204e9800998ecf8427e');
  // ids from k6's published summaries
  assert.equal(pathId('::status is 200'), '6210a8cd14cd70477eba5c5e4cb3fb5f');
  assert.equal(pathId('::is status 200'), '548d37ca5f33793206f7832e7cea54fb');
  const t = new ChecksTree();
  t.addCheck('', 'status is 200', true);
  const root = t.rootGroup();
  assert.deepEqual(root, {
    name: '',
    path: '',
    id: 'd41d8cd98f00b204e9800998ecf8427e',
    groups: [],
    checks: [{ name: 'status is 200', path: '::status is 200', id: '6210a8cd14cd70477eba5c5e4cb3fb5f', passes: 1, fails: 0 }],
  });
});

test('nested groups in first-seen order, checks as an array and keyed by name', () => {
  const t = new ChecksTree();
  t.addCheck('::b', 'ok', true);
  t.addCheck('::a::inner', 'deep', false);
  t.addCheck('::a', 'x', true);
  t.addCheck('::a', 'x', false);
  t.addGroup('::empty');
  t.addCheck('', 'top', true);
  const root = t.rootGroup();
  assert.deepEqual(root.groups.map((g) => g.path), ['::b', '::a', '::empty']);
  const a = root.groups[1];
  assert.deepEqual(a, {
    name: 'a',
    path: '::a',
    id: pathId('::a'),
    groups: [{ name: 'inner', path: '::a::inner', id: pathId('::a::inner'), groups: [], checks: [{ name: 'deep', path: '::a::inner::deep', id: pathId('::a::inner::deep'), passes: 0, fails: 1 }] }],
    checks: [{ name: 'x', path: '::a::x', id: pathId('::a::x'), passes: 1, fails: 1 }],
  });
  const exp = t.rootGroupExport();
  assert.deepEqual(Object.keys(exp.groups), ['b', 'a', 'empty']);
  assert.deepEqual(exp.checks, { top: { name: 'top', path: '::top', id: pathId('::top'), passes: 1, fails: 0 } });
  assert.deepEqual(exp.groups.a.groups.inner.checks.deep.fails, 1);
  assert.throws(() => t.addCheck('no-leading-colons', 'c', true), /must be ''/);
});

test('checks merge and deltas add up; JSON-safe snapshots', () => {
  const whole = new ChecksTree();
  const workers = [new ChecksTree(), new ChecksTree()];
  const main = new ChecksTree();
  for (let i = 0; i < 500; i++) {
    const path = i % 3 === 0 ? '' : i % 3 === 1 ? '::g' : '::g::h';
    const name = `c${i % 4}`;
    const passed = i % 5 !== 0;
    whole.addCheck(path, name, passed);
    workers[i % 2].addCheck(path, name, passed);
    if (i % 97 === 0) for (const w of workers) {
      const d = w.takeDelta();
      if (d) main.merge(JSON.parse(JSON.stringify(d)));
    }
  }
  for (const w of workers) {
    const d = w.takeDelta();
    if (d) main.merge(d);
    assert.equal(w.takeDelta(), null);
  }
  const sortDeep = (g: ReturnType<ChecksTree['rootGroup']>): unknown => ({ ...g, groups: g.groups.map(sortDeep), checks: [...g.checks].sort((x, y) => x.name.localeCompare(y.name)) });
  assert.deepEqual(sortDeep(main.rootGroup()), sortDeep(whole.rootGroup()));
  const copy = new ChecksTree();
  copy.merge(JSON.parse(JSON.stringify(whole.snapshot())));
  assert.deepEqual(copy.rootGroup(), whole.rootGroup());
  whole.reset();
  assert.equal(whole.rootGroup().checks[0].passes, 0);
});
