/**
 * The runner measures the `grpc` target end to end: `servebench run --targets grpc` starts the
 * Node gRPC model server, drives it with the gRPC scenario on the built-in engine, and reports
 * the engine's numbers, every answer judged right, the server's own timing and its resources.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { runCli, tempResults, type CliResult } from './run-helpers.ts';

describe('servebench run --targets grpc (smoke)', () => {
  const out = tempResults();
  const runDir = join(out, 'grpc');
  let result: CliResult;
  let report: RunReport;

  before(async () => {
    result = await runCli(['run', '--targets', 'grpc', '--profiles', 'smoke', '--duration', '2s', '--warmup', '1s', '--out', out, '--run-id', 'grpc']);
    assert.equal(result.code, 0, `run failed:\n${result.stdout}\n${result.stderr}`);
    report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunReport;
  });

  it('reports the gRPC requests the engine measured, valid, every check passed', () => {
    const [r] = report.results;
    assert.equal(report.results.length, 1);
    assert.equal(r.target, 'grpc');
    assert.equal(r.protocol, 'grpc');
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.validity, ['valid']);
    const summary = JSON.parse(readFileSync(join(runDir, 'targets', 'grpc', 'smoke', 'summary.json'), 'utf8'));
    const grpc = summary.metrics['grpc_req_duration{phase:measure}'].values;
    const [w] = r.windows;
    assert.ok(grpc.count > 10, `only ${grpc.count} gRPC requests`);
    assert.equal(w.requests, grpc.count);
    assert.equal(w.latency.p50, grpc.med);
    assert.equal(w.latency.p99, grpc['p(99)']);
    assert.equal(w.errorRate, 0);
    assert.equal(w.checkRate, 1);
    const checks = Object.fromEntries(summary.root_group.checks.map((c: { name: string; passes: number; fails: number }) => [c.name, c]));
    for (const name of ['status ok', 'shape [batch,10]', 'probabilities sum to 1', 'argmax = expected class']) {
      assert.ok(checks[name]?.passes > 0 && checks[name].fails === 0, `${name}: ${JSON.stringify(checks[name])}`);
    }
  });

  it('has the server\'s own timing (gRPC trailing metadata) and resource samples of the target', () => {
    const [r] = report.results;
    const t = r.windows[0].serverTiming;
    assert.ok(t && t.infer !== undefined && t.infer > 0 && t.decode !== undefined && t.encode !== undefined, `server timing ${JSON.stringify(t)}`);
    assert.ok(r.resources && r.resources.samples > 0 && r.resources.rssMbMean > 10, `resources ${JSON.stringify(r.resources)}`);
    assert.match(readFileSync(join(runDir, 'report.md'), 'utf8'), /^\| grpc \| smoke \| ok \|/m);
  });
});
