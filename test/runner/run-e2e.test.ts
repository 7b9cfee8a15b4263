/**
 * End to end: a small real run (smoke and paper profiles, the built-in engine, two real targets
 * on 127.0.0.1) writes every result and report file; the report's numbers are the engine
 * summaries'; Table 3 holds the paper run's seconds; `report` regenerates the same files; the
 * HTML renders its SVG charts in Chromium. (`compare` on two different runs: run-compare.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { launchChromium } from '../helpers/chromium.ts';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { safeName } from '../../runner/results/run-store.ts';
import { mean } from '../../runner/results/stats.ts';
import { runCli, tempResults, type CliResult } from './run-helpers.ts';

const TARGETS = ['null', 'gateway:null'];
const PAPER_N = [1, 10];
const REPETITIONS = 2;

/** A markdown table under the heading that starts with `title`: header cells and rows of cells. */
function tableUnder(md: string, title: string): { header: string[]; rows: string[][] } {
  const section = md.split('\n## ').find((s) => s.startsWith(title));
  assert.ok(section, `no section "${title}"`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.slice(1, -1).split('|').map((c) => c.trim());
  return { header: cells(lines[0]), rows: lines.slice(2).map(cells) };
}


describe('servebench run (smoke + paper, null + gateway:null)', () => {
  const out = tempResults();
  const runDir = join(out, 'e2e');
  let result: CliResult;
  let report: RunReport;

  before(async () => {
    result = await runCli([
      'run', '--targets', TARGETS.join(','), '--profiles', 'smoke,paper', '--duration', '2s', '--warmup', '1s',
      '--paper-n', PAPER_N.join(','), '--repetitions', String(REPETITIONS), '--out', out, '--run-id', 'e2e',
    ]);
    assert.equal(result.code, 0, `run failed:\n${result.stdout}\n${result.stderr}`);
    report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunReport;
  });

  it('writes settings, environment, raw results, logs and every report', () => {
    for (const f of ['settings.json', 'environment.json', 'report.md', 'report.html', 'report.json', 'logs/null.log', 'logs/gateway_null.log', 'logs/gateway_null.upstream.log']) {
      assert.ok(existsSync(join(runDir, f)), `${f} missing`);
    }
    for (const t of ['null', 'gateway_null']) {
      for (const p of ['smoke', 'paper']) {
        for (const f of ['summary.json', 'resources.json', 'meta.json', 'load.log']) assert.ok(existsSync(join(runDir, 'targets', t, p, f)), `${t}/${p}/${f} missing`);
      }
    }
    const env = JSON.parse(readFileSync(join(runDir, 'environment.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['cpuModel', 'cores', 'os', 'node', 'loadEngine', 'gitCommit', 'commandLine']) assert.ok(env[k] !== undefined, `environment.${k}`);
    assert.match(result.stdout, /## Summary/);
  });

  it('reports the numbers the engine measured', () => {
    assert.deepEqual(report.results.map((r) => `${r.target} ${r.profile}`), TARGETS.flatMap((t) => [`${t} smoke`, `${t} paper`]));
    for (const r of report.results.filter((x) => x.profile === 'smoke')) {
      const dir = safeName(r.target);
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
      // A gateway relaying REST bodies decodes nothing itself: the model server's decode comes nested in its upstream span.
      const t = w.serverTiming;
      assert.ok((r.target.startsWith('gateway:') ? t?.upstreamDecode : t?.decode) !== undefined, `server timing ${JSON.stringify(t)}`);
    }
    const gw = report.results.find((r) => r.target === 'gateway:null' && r.profile === 'smoke')?.windows[0].serverTiming;
    assert.ok(gw?.upstream !== undefined, 'gateway reports upstream time');
  });

  it('report.md holds the study tables and every target', () => {
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    for (const title of ['## Summary', '## Table 3', '## Table 4', '## Latency (ms) and throughput per window', '## Where the time goes', '## Validity']) assert.ok(md.includes(title), title);
    for (const t of TARGETS) assert.match(md, new RegExp(`^\\| ${t} \\| smoke \\|`, 'm'));
    const w = report.results[0].windows[0];
    assert.ok(md.includes(`| null | smoke | all | ${w.requests} |`), 'latency row with the k6 request count');
  });

  it('Table 3 holds the paper run: one row per N, each cell the mean of the seconds the engine recorded', () => {
    const table = tableUnder(readFileSync(join(runDir, 'report.md'), 'utf8'), 'Table 3');
    assert.deepEqual(table.rows.map((r) => r[0]), PAPER_N.map(String), 'a row for each N measured, no other');
    for (const target of TARGETS) {
      const r = report.results.find((x) => x.target === target && x.profile === 'paper');
      assert.ok(r && r.status === 'ok', `${target} paper result`);
      const column = table.header.findIndex((h) => h.startsWith(`${target} (`));
      assert.ok(column > 0, `a Table 3 column for ${target}: ${table.header.join(' | ')}`);
      const summary = JSON.parse(readFileSync(join(runDir, 'targets', safeName(target), 'paper', 'summary.json'), 'utf8'));
      const seconds = PAPER_N.map((n, i) => {
        const w = r.windows.find((x) => x.window === `n=${n}`);
        assert.ok(w?.paperSeconds, `${target} n=${n}: no paperSeconds`);
        // What the engine recorded: one paper_batch_seconds sample per repetition.
        const recorded = Array.from({ length: REPETITIONS }, (_, k) => summary.metrics[`paper_batch_seconds{n:${n},rep:${k + 1}}`].values.avg);
        assert.deepEqual(w.paperSeconds, recorded);
        assert.equal(w.requests, n * REPETITIONS);
        // N requests one after another take at least as long as their own durations added up.
        const http = summary.metrics[`http_req_duration{n:${n}}`].values;
        assert.equal(http.count, n * REPETITIONS);
        const walls = recorded.reduce((a: number, b: number) => a + b, 0);
        assert.ok(walls * 1000 >= http.avg * http.count * 0.99, `${target} n=${n}: ${walls} s of wall time for ${http.avg * http.count} ms of requests`);
        const cell = Number(table.rows[i][column]);
        assert.ok(Math.abs(cell - mean(recorded)) <= 0.0005 + 1e-12, `${target} n=${n}: Table 3 says ${table.rows[i][column]}, the mean is ${mean(recorded)}`);
        return mean(recorded);
      });
      assert.ok(seconds[1] > seconds[0], `${target}: 10 requests take longer than 1 (${seconds.join(', ')})`);
    }
    assert.ok(table.header.some((h) => h.startsWith('paper a:')), 'the study\'s figures beside ours');
  });

  it('servebench report regenerates identical files', async () => {
    const before = ['report.md', 'report.json', 'report.html'].map((f) => readFileSync(join(runDir, f), 'utf8'));
    const regen = await runCli(['report', runDir]);
    assert.equal(regen.code, 0, regen.stderr);
    const after = ['report.md', 'report.json', 'report.html'].map((f) => readFileSync(join(runDir, f), 'utf8'));
    assert.deepEqual(after, before);
  });

  it('report.html renders its SVG charts in headless Chromium', async () => {
    const browser = await launchChromium();
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
