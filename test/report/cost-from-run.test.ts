import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport } from '../../runner/report/build-report.ts';
import { costTable, dollarsPerMillionAtBest } from '../../runner/report/cost-table.ts';
import type { ResourceFile } from '../../runner/results/run-store.ts';

/** A recorded run (`servebench run --targets fastify,grpc --profiles concurrency --levels 1,4 --step-duration 3s --warmup 1s`, 2026-12-02, busy 2-vCPU machine). */
const FIXTURE = new URL('./fixtures/cost-run/', import.meta.url).pathname;
const GB = 2 ** 30;

const close = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);

describe('cost per prediction from a recorded run', () => {
  it('gives every window of a recorded run its cost, from the samples inside its step', () => {
    const report = buildReport(FIXTURE, { vcpuHour: 3.6, gbHour: 0, source: 'test' });
    const results = report.results.filter((r) => r.profile === 'concurrency');
    assert.deepEqual(results.map((r) => r.target), ['fastify', 'grpc']);
    for (const r of results) {
      assert.deepEqual(r.windows.map((w) => w.window), ['vus=1', 'vus=4']);
      const summary = JSON.parse(readFileSync(join(FIXTURE, 'targets', r.target, 'concurrency', 'summary.json'), 'utf8'));
      const start = summary.servebench.clock.summaryAtMs - summary.state.testRunDurationMs;
      const res = JSON.parse(readFileSync(join(FIXTURE, 'targets', r.target, 'concurrency', 'resources.json'), 'utf8')) as ResourceFile;
      // Steps: 1 s warm-up, then 3 s at 1 VU, 2 s grace, 3 s at 4 VUs.
      for (const [w, fromMs] of [[r.windows[0], 1_000], [r.windows[1], 6_000]] as const) {
        const c = w.cost;
        assert.ok(c, `${r.target} ${w.window} has a cost`);
        assert.equal(c.predictions, w.requests);
        assert.ok(c.coverage >= 0.8 && c.coverage <= 1.000001, `coverage ${c.coverage}`);
        // An independent estimate: the mean of the samples taken inside the window, times its length.
        const inside = res.target.filter((p) => p.t > start + fromMs + 250 && p.t <= start + fromMs + 3_000);
        assert.ok(inside.length >= 8, `${inside.length} samples inside ${w.window}`);
        const cpuSeconds = (inside.reduce((a, p) => a + p.cpuPercent, 0) / inside.length / 100) * 3;
        const gbSeconds = (inside.reduce((a, p) => a + p.rssBytes, 0) / inside.length / GB) * 3;
        close(c.cpuSeconds, cpuSeconds, 0.15, `${r.target} ${w.window} CPU-seconds`);
        close(c.gbSeconds, gbSeconds, 0.05, `${r.target} ${w.window} GB-seconds`);
        close(c.cpuSecondsPer1k, (c.cpuSeconds / w.requests) * 1000, 1e-9, 'per 1k');
        // At $3.6 per vCPU-hour and nothing for memory, $ per million = CPU-seconds per 1,000.
        close(c.dollarsPerMillion, c.cpuSecondsPer1k, 1e-9, `${r.target} ${w.window} $ per million`);
        assert.ok(c.cpuSecondsPer1k > 0.1 && c.cpuSecondsPer1k < 100, `${c.cpuSecondsPer1k} CPU-s per 1k is a plausible figure`);
      }
      const best = r.windows.reduce((a, b) => (b.throughputRps > a.throughputRps ? b : a));
      assert.equal(dollarsPerMillionAtBest(r), best.cost!.dollarsPerMillion, 'the verdict figure: $ per million at the best throughput');
    }
    assert.deepEqual(report.prices, { vcpuHour: 3.6, gbHour: 0, source: 'test' });
    const table = costTable(report);
    assert.equal(table.rows.length, 4);
    assert.match(table.note ?? '', /\$3\.6 per vCPU-hour/);
  });

  it('says why there is no cost when the summary records no test start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'servebench-cost-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const file = join(dir, 'targets/fastify/concurrency/summary.json');
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    delete summary.servebench.clock;
    writeFileSync(file, JSON.stringify(summary));
    const fastify = buildReport(dir).results.find((r) => r.target === 'fastify')!;
    assert.ok(fastify.windows.length === 2 && fastify.windows.every((w) => !w.cost));
    assert.match(fastify.costNotComputed ?? '', /no test start/);
    assert.match(costTable(buildReport(dir)).rows.find((r) => r[0] === 'fastify')?.[3] ?? '', /not computed/);
  });
});
