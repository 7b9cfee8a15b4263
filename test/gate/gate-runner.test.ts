/**
 * The nightly pipeline for real: `servebench run` (real k6, real fastify target) twice as
 * the baseline and twice with `--delay-ms 20` (interleaved), `servebench baseline update`, then
 * `servebench gate` must exit 1 with a latency regression of the slowed target (not a failed
 * target), with a JUnit failure. The deterministic no-false-positive check (recorded runs) is in
 * gate-e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempResults } from '../runner/run-helpers.ts';

test('servebench run -> baseline update -> gate catches a target slowed with --delay-ms', async () => {
  const out = tempResults();
  const run = async (runId: string, delayMs: number) => {
    const args = ['run', '--targets', 'fastify', '--profiles', 'concurrency', '--levels', '2', '--step-duration', '3s', '--warmup', '1s'];
    const r = await runCli([...args, '--delay-ms', String(delayMs), '--out', out, '--run-id', runId]);
    assert.equal(r.code, 0, `${runId}: ${r.stderr}${r.stdout.slice(-2000)}`);
    return join(out, runId);
  };
  const base1 = await run('base-1', 0);
  const slow1 = await run('slow-1', 20);
  const base2 = await run('base-2', 0);
  const slow2 = await run('slow-2', 20);

  const baseline = join(out, 'baseline.json');
  const update = await runCli(['baseline', 'update', '--run', base1, '--run', base2, '--baseline', baseline]);
  assert.equal(update.code, 0, update.stderr);

  const junit = join(out, 'junit.xml');
  const gate = await runCli(['gate', '--run', slow1, '--run', slow2, '--baseline', baseline, '--junit', junit]);
  assert.equal(gate.code, 1, `the gate must fail on the slowed runs:\n${gate.stdout}${gate.stderr}`);
  assert.match(gate.stdout, /### Failing[\s\S]*\| fastify \| concurrency \| vus=2 \| latency p50 \|/);
  const xml = readFileSync(junit, 'utf8');
  assert.match(xml, /<failure type="regression" message="fastify concurrency vus=2 latency p50: /);
  assert.doesNotMatch(xml, /type="target-failed"/);
});
