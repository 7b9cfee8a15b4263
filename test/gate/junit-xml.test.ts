/** JUnit XML: well-formed (checked by a real XML parser), one testcase per series, failures for regressions. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { compareSeries, DEFAULT_GATE_SETTINGS as S, type GateResult } from '../../runner/gate/compare.ts';
import { junitXml, xmlEscape } from '../../runner/gate/junit-xml.ts';
import { markdownSummary } from '../../runner/gate/markdown-summary.ts';
import type { MetricId } from '../../runner/gate/metrics.ts';
import { around } from './report-fixture.ts';

const hasPython = spawnSync('python3', ['-c', 'import xml.dom.minidom'], { stdio: 'ignore' }).status === 0;

/** Parses with Python's expat-based minidom; returns [tag, attributes] of every element, or throws if malformed. */
function parseXml(xml: string): [string, Record<string, string>][] {
  const script = 'import sys, json, xml.dom.minidom as m\nd = m.parseString(sys.stdin.buffer.read())\n' +
    'print(json.dumps([[e.tagName, dict(e.attributes.items())] for e in d.getElementsByTagName("*")]))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }));
}

const cmp = (target: string, metric: MetricId, base: number[], cur: number[]) =>
  compareSeries({ target, profile: 'concurrency', window: 'vus=8', metric, values: base }, { target, profile: 'concurrency', window: 'vus=8', metric, values: cur }, S);

const result: GateResult = {
  failed: true,
  comparisons: [
    cmp('fastify', 'p50', around(10, 0.01), around(12, 0.01)),
    cmp('fastify', 'throughput', around(500, 0.01), around(600, 0.01)),
    cmp('fastify', 'cpu', [100], [120]),
    cmp('gateway:<"odd" & \'name\'>', 'p99', around(10, 0.01), around(10.1, 0.01)),
  ],
};

test('xmlEscape handles markup characters and strips characters XML cannot carry', () => {
  assert.equal(xmlEscape(`<a href="x">&'\u0001`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
});

test('JUnit XML is well-formed, with one testcase per series and a failure per regression', { skip: !hasPython && 'python3 not found' }, () => {
  const elements = parseXml(junitXml(result));
  const [rootTag, root] = elements[0];
  assert.equal(rootTag, 'testsuites');
  assert.deepEqual([root.tests, root.failures, root.skipped], ['4', '1', '1']);
  const cases = elements.filter(([t]) => t === 'testcase');
  assert.equal(cases.length, 4);
  assert.deepEqual(cases.map(([, a]) => a.classname), ['servebench.gate.fastify', 'servebench.gate.fastify', 'servebench.gate.fastify', 'servebench.gate.gateway:<"odd" & \'name\'>']);
  assert.equal(cases[0][1].name, 'concurrency vus=8 latency p50');
  const failures = elements.filter(([t]) => t === 'failure');
  assert.equal(failures.length, 1);
  assert.equal(failures[0][1].type, 'regression');
  assert.match(failures[0][1].message, /fastify concurrency vus=8 latency p50: 10\.0 ms -> 12\.0 ms \(\+20\.0%, CI \[\+/);
  assert.equal(elements.filter(([t]) => t === 'testsuite').length, 2);
});

test('the markdown summary leads with the failures and lists every comparison', () => {
  const md = markdownSummary({
    runId: 'run-2',
    baselinePath: 'baselines/nightly.json',
    baseline: { kind: 'servebench-baseline', schemaVersion: 1, sourceRunIds: ['run-1'], createdAt: '2025-01-01T00:00:00Z', runCreatedAt: '', machine: {}, entries: [] },
    settings: S,
    result,
  });
  assert.match(md, /^## servebench gate: ❌ 1 regression\(s\)/);
  const failing = md.slice(md.indexOf('### Failing'), md.indexOf('### Improvements'));
  assert.match(failing, /\| fastify \| concurrency \| vus=8 \| latency p50 \| 10\.0 ms \| 12\.0 ms \| \+20\.0% \|/);
  assert.doesNotMatch(failing, /throughput/);
  assert.match(md, /All 4 comparisons/);
  assert.match(md, /1 metric\(s\) were not gated/);
});
