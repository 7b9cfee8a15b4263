/**
 * The verdict on fixture results: the winner of each question, its margin over the next, and
 * whether the margin is outside the run-to-run spread (paper repetitions), inside it, a tie, or
 * not judgeable (no repetitions); invalid results never win.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunReport, TargetResult, WindowResult } from '../../runner/results/report-schema.ts';
import { cpuMsPerRequest, reportVerdict, type VerdictLine } from '../../runner/report/verdict.ts';

const latency = (mean: number) => ({ mean, p50: mean, p90: mean, p95: mean, p99: mean * 2, max: mean * 3 });

function paperWindow(n: number, seconds: number[]): WindowResult {
  return { window: `n=${n}`, requests: n * seconds.length, throughputRps: 0, latency: latency(1), errorRate: 0, checkRate: 1, paperSeconds: seconds };
}

function levelWindow(vus: number, rps: number, meanMs: number): WindowResult {
  return { window: `vus=${vus}`, requests: rps * 10, throughputRps: rps, latency: latency(meanMs), errorRate: 0, checkRate: 1 };
}

function result(target: string, profile: string, windows: WindowResult[], extra: Partial<TargetResult> = {}): TargetResult {
  return { target, paperRole: '', protocol: 'rest', profile, status: 'ok', validity: ['valid'], windows, ...extra };
}

const resources = (cpuPercentMean: number, rssMbMean: number) => ({ cpuPercentMean, cpuPercentMax: cpuPercentMean, rssMbMean, rssMbMax: rssMbMean, samples: 40 });

function report(results: TargetResult[]): RunReport {
  return { runId: 'fixture', createdAt: '', settings: {}, environment: {}, results };
}

const lineOf = (r: RunReport, id: string): VerdictLine => {
  const l = reportVerdict(r).lines.find((x) => x.id === id);
  assert.ok(l, `no verdict line ${id}`);
  return l;
};

describe('fastest at 1 connection (paper profile, repetitions)', () => {
  it('a margin outside the spread is a clear win, measured at the largest N every target ran', () => {
    const r = report([
      // 100 requests: 0.4 s = 4 ms/request; the slower one 0.6 s = 6 ms/request.
      result('fastify', 'paper', [paperWindow(10, [0.05, 0.05, 0.05]), paperWindow(100, [0.6, 0.62, 0.58])]),
      result('embedded', 'paper', [paperWindow(10, [0.04, 0.04, 0.04]), paperWindow(100, [0.4, 0.42, 0.38]), paperWindow(1000, [3, 3, 3])]),
    ]);
    const l = lineOf(r, 'fastest-1-connection');
    assert.equal(l.outcome, 'clear');
    assert.deepEqual(l.ranking.map((c) => c.target), ['embedded', 'fastify']);
    assert.ok(Math.abs(l.ranking[0].value - 4) < 1e-9 && Math.abs(l.ranking[1].value - 6) < 1e-9, JSON.stringify(l.ranking));
    assert.ok(Math.abs(l.margin!.absolute - 2) < 1e-9 && Math.abs(l.margin!.relative - 1 / 3) < 1e-9);
    assert.match(l.basis, /100 sequential requests/);
    assert.match(l.text, /^Fastest at 1 connection: embedded, 4 ms\/request, 2 \(33\.3%\) less than fastify \(6\); outside the run-to-run spread \(repetitions 3\.8–4\.2 vs 5\.8–6\.2\)\.$/);
  });

  it('a margin inside the spread is not a clear win', () => {
    const r = report([
      result('embedded', 'paper', [paperWindow(100, [0.4, 0.5, 0.3])]),
      result('fastify', 'paper', [paperWindow(100, [0.45, 0.55, 0.35])]),
    ]);
    const l = lineOf(r, 'fastest-1-connection');
    assert.equal(l.outcome, 'within-spread');
    assert.equal(l.ranking[0].target, 'embedded');
    assert.match(l.text, /within the run-to-run spread .*not a clear win/);
  });

  it('equal figures are a tie, naming both', () => {
    const r = report([
      result('embedded', 'paper', [paperWindow(10, [0.05, 0.05])]),
      result('fastify', 'paper', [paperWindow(10, [0.05, 0.05])]),
      result('express', 'paper', [paperWindow(10, [0.5, 0.5])]),
    ]);
    const l = lineOf(r, 'fastest-1-connection');
    assert.equal(l.outcome, 'tie');
    assert.match(l.text, /a tie — embedded and fastify at 5 ms\/request/);
  });

  it('without a paper profile, 1 VU of the concurrency profile answers, and says it has no spread', () => {
    const r = report([result('grpc', 'concurrency', [levelWindow(1, 200, 5), levelWindow(8, 900, 9)]), result('fastify', 'concurrency', [levelWindow(1, 150, 6.5)])]);
    const l = lineOf(r, 'fastest-1-connection');
    assert.equal(l.outcome, 'no-spread');
    assert.equal(l.ranking[0].target, 'grpc');
    assert.match(l.text, /no run-to-run spread to judge the margin by \(the level ran once\)/);
  });
});

describe('throughput, CPU and memory', () => {
  const run = report([
    result('embedded', 'concurrency', [levelWindow(1, 200, 5), levelWindow(16, 800, 20)], { resources: resources(180, 300) }),
    result('fastify', 'concurrency', [levelWindow(1, 150, 6), levelWindow(16, 1000, 16)], { resources: resources(190, 250) }),
    // The most throughput and least of everything, but its answers were wrong: never judged.
    result('null', 'concurrency', [levelWindow(1, 5000, 0.2), levelWindow(16, 9000, 1.7)], { resources: resources(10, 60), validity: ['check-failures'] }),
  ]);

  it('most throughput: the best window of each valid target, no spread within one run', () => {
    const l = lineOf(run, 'most-throughput');
    assert.deepEqual(l.ranking.map((c) => [c.target, c.value]), [['fastify', 1000], ['embedded', 800]]);
    assert.equal(l.outcome, 'no-spread');
    assert.equal(l.profile, 'concurrency');
    assert.match(l.text, /fastify, 1000 req\/s, 200 \(25%\) more than embedded \(800\)/);
  });

  it('least CPU per request: core-ms over the measured windows per request', () => {
    // embedded: 1.8 cores over 20 s for 10,000 requests = 3.6 ms; fastify: 1.9 cores x 20 s / 11,500.
    const l = lineOf(run, 'least-cpu');
    assert.deepEqual(l.ranking.map((c) => c.target), ['fastify', 'embedded']);
    assert.ok(Math.abs(l.ranking[1].value - 3.6) < 1e-9, String(l.ranking[1].value));
    assert.ok(Math.abs(cpuMsPerRequest(run.results[1]) - (1.9 * 20 * 1000) / 11500) < 1e-9);
  });

  it('least memory: mean RSS while loaded', () => {
    const l = lineOf(run, 'least-memory');
    assert.deepEqual(l.ranking.map((c) => [c.target, c.value]), [['fastify', 250], ['embedded', 300]]);
  });

  it('cheapest per million predictions: $ at each target\'s best-throughput window; none computed, not measured', () => {
    const cost = (dollarsPerMillion: number) => ({ predictions: 1000, cpuSeconds: 1, gbSeconds: 1, cpuSecondsPer1k: 1, gbSecondsPer1k: 1, coverage: 1, dollarsPerMillion });
    const priced = report([
      result('fastify', 'concurrency', [{ ...levelWindow(1, 300, 3), cost: cost(0.09) }, { ...levelWindow(4, 900, 4), cost: cost(0.05) }]),
      result('grpc', 'concurrency', [{ ...levelWindow(1, 200, 5), cost: cost(0.04) }, { ...levelWindow(4, 700, 6), cost: cost(0.06) }]),
    ]);
    const l = lineOf(priced, 'cheapest');
    assert.deepEqual(l.ranking.map((c) => [c.target, c.value]), [['fastify', 0.05], ['grpc', 0.06]], 'each at its best-throughput window, not its cheapest');
    assert.equal(l.outcome, 'no-spread');
    assert.equal(lineOf(run, 'cheapest').outcome, 'not-measured');
  });

  it('an invalid result is left out and listed with why', () => {
    assert.deepEqual(reportVerdict(run).excluded, [{ target: 'null', profile: 'concurrency', why: 'check-failures' }]);
  });

  it('a question nobody measured says so; a single target wins alone', () => {
    const alone = report([result('fastify', 'concurrency', [levelWindow(4, 500, 8)])]);
    assert.equal(lineOf(alone, 'least-cpu').outcome, 'not-measured');
    assert.match(lineOf(alone, 'least-cpu').text, /not measured in this run/);
    assert.equal(lineOf(alone, 'most-throughput').outcome, 'alone');
  });
});
