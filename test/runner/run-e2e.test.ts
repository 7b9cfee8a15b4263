/**
 * End to end: a small real run (smoke profile, real k6, two real targets on 127.0.0.1) writes
 * every result and report file; the report's numbers are the k6 summaries'; `report` regenerates
 * the same files; `compare` lists every target; the HTML renders its SVG charts in Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { runCli, tempResults, type CliResult } from './run-helpers.ts';

const TARGETS = ['null', 'gateway:null'];

describe('servebench run (smoke, null + gateway:null)', () => {
  const out = tempResults();
  const runDir = join(out, 'e2e');
  let result: CliResult;
  let report: RunReport;

  before(async () => {
    result = await runCli(['run', '--targets', TARGETS.join(','), '--profiles', 'smoke', '--duration', '2s', '--warmup', '1s', '--out', out, '--run-id', 'e2e']);
    assert.equal(result.code, 0, `run failed:\n${result.stdout}\n${result.stderr}`);
    report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunReport;
  });

  it('writes settings, environment, raw results, logs and every report', () => {
    for (const f of ['settings.json', 'environment.json', 'report.md', 'report.html', 'report.json', 'logs/null.log', 'logs/gateway_null.log', 'logs/gateway_null.upstream.log']) {
      assert.ok(existsSync(join(runDir, f)), `${f} missing`);
    }
    for (const t of ['null', 'gateway_null']) {
      for (const f of ['summary.json', 'resources.json', 'meta.json', 'load.log']) assert.ok(existsSync(join(runDir, 'targets', t, 'smoke', f)), `${t}/${f} missing`);
    }
    const env = JSON.parse(readFileSync(join(runDir, 'environment.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['cpuModel', 'cores', 'os', 'node', 'loadEngine', 'gitCommit', 'commandLine']) assert.ok(env[k] !== undefined, `environment.${k}`);
    assert.match(result.stdout, /## Summary/);
  });

  it('reports the numbers k6 measured', () => {
    assert.deepEqual(report.results.map((r) => r.target), TARGETS);
    for (const r of report.results) {
      const dir = r.target.replace(/[^\w.-]+/g, '_');
      const summary = JSON.parse(readFileSync(join(runDir, 'targets', dir, 'smoke', 'summary.json'), 'utf8'));
      const k6 = summary.metrics['http_req_duration{phase:measure}'].values;
      assert.equal(r.status, 'ok');
      assert.deepEqual(r.validity, ['valid']);
      const [w] = r.windows;
      assert.equal(w.requests, k6.count);
      assert.ok(w.requests > 10, `only ${w.requests} requests`);
      assert.equal(w.latency.p50, k6.med);
      assert.equal(w.latency.p99, k6['p(99)']);
      assert.equal(w.latency.max, k6.max);
      assert.ok(r.resources && r.resources.samples > 0 && r.resources.rssMbMean > 10, 'resource samples');
      assert.ok(w.serverTiming?.decode !== undefined, 'server timing');
    }
    const gw = report.results[1].windows[0].serverTiming;
    assert.ok(gw?.upstream !== undefined, 'gateway reports upstream time');
  });

  it('report.md holds the study tables and every target', () => {
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    for (const title of ['## Summary', '## Table 3', '## Table 4', '## Latency (ms) and throughput per window', '## Where the time goes', '## Validity']) assert.ok(md.includes(title), title);
    for (const t of TARGETS) assert.match(md, new RegExp(`^\\| ${t} \\| smoke \\|`, 'm'));
    const w = report.results[0].windows[0];
    assert.ok(md.includes(`| null | smoke | all | ${w.requests} |`), 'latency row with the k6 request count');
  });

  it('servebench report regenerates identical files', async () => {
    const before = ['report.md', 'report.json', 'report.html'].map((f) => readFileSync(join(runDir, f), 'utf8'));
    const regen = await runCli(['report', runDir]);
    assert.equal(regen.code, 0, regen.stderr);
    const after = ['report.md', 'report.json', 'report.html'].map((f) => readFileSync(join(runDir, f), 'utf8'));
    assert.deepEqual(after, before);
  });

  it('servebench compare prints per-target, per-metric rows', async () => {
    const cmp = await runCli(['compare', runDir, runDir]);
    assert.equal(cmp.code, 0, cmp.stderr);
    for (const t of TARGETS) {
      assert.match(cmp.stdout, new RegExp(`\\| ${t} \\| smoke \\| all \\| req/s \\| [\\d.]+ \\| [\\d.]+ \\| \\+?0\\.0%`));
      assert.match(cmp.stdout, new RegExp(`\\| ${t} \\| smoke \\|  \\| CPU % mean \\|`));
    }
  });

  it('report.html renders its SVG charts in headless Chromium', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(runDir, 'report.html')}`);
      const sizes = await page.$$eval('figure svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => r.width * r.height));
      assert.ok(sizes.length >= 4, `only ${sizes.length} charts`);
      assert.ok(sizes.every((a) => a > 0), `an empty chart: ${sizes.join(', ')}`);
      assert.ok(requests.every((u) => u.startsWith('file://')), `network requests: ${requests.join(', ')}`);
      assert.ok((await page.$$('table#table4, section#table4 table')).length === 1, 'Table 4');
    } finally {
      await browser.close();
    }
  });
});
