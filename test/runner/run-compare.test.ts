/**
 * `servebench compare` on two different real runs: fastify and null, then fastify alone with
 * `--delay-ms 20` per inference. compare must show the slowed run's latency and throughput as
 * worse (and better the other way round), taken from each run's report, and name the target
 * measured in one run only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { runCli, tempResults } from './run-helpers.ts';

const DELAY_MS = 20;

/** compare's rows keyed `target profile window metric` -> [A, B, change]. */
function compareRows(stdout: string): Map<string, [string, string, string]> {
  const rows = new Map<string, [string, string, string]>();
  for (const line of stdout.split('\n').filter((l) => l.startsWith('| ')).slice(2)) {
    const [target, profile, window, metric, a, b, change] = line.slice(1, -1).split('|').map((c) => c.trim());
    rows.set(`${target} ${profile} ${window} ${metric}`, [a, b, change]);
  }
  return rows;
}

describe('servebench compare <fast run> <slowed run>', () => {
  const out = tempResults();
  const [fast, slow] = [join(out, 'fast'), join(out, 'slow')];
  const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
  const p50 = (dir: string) => report(dir).results.find((r) => r.target === 'fastify')!.windows[0].latency.p50;

  before(async () => {
    const run = async (runId: string, extra: string[]) => {
      const r = await runCli(['run', '--profiles', 'smoke', '--duration', '2s', '--warmup', '1s', '--out', out, '--run-id', runId, ...extra]);
      assert.equal(r.code, 0, `${runId}: ${r.stderr}${r.stdout.slice(-2000)}`);
    };
    await run('fast', ['--targets', 'fastify,null']);
    await run('slow', ['--targets', 'fastify', '--delay-ms', String(DELAY_MS)]);
  });

  it('shows the slowed run worse, with both runs\' own numbers, and the target only one run measured', async () => {
    assert.ok(p50(slow) >= p50(fast) + DELAY_MS * 0.9, `the delay shows in the runs themselves: p50 ${p50(fast)} -> ${p50(slow)} ms`);
    const cmp = await runCli(['compare', fast, slow]);
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.stdout, /^# servebench compare: fast -> slow/m);
    const rows = compareRows(cmp.stdout);
    const [a, b, change] = rows.get('fastify smoke all p50 ms') ?? [];
    assert.equal(Number(a), Number(p50(fast).toFixed(3)), 'A is the fast run\'s p50');
    assert.equal(Number(b), Number(p50(slow).toFixed(3)), 'B is the slowed run\'s p50');
    assert.match(change ?? '', /^\+\d+\.\d% worse$/, `p50 change: ${change}`);
    assert.ok(Number(change?.slice(1, -7)) >= 100, `p50 at least doubled: ${change}`);
    assert.match(rows.get('fastify smoke all req/s')?.[2] ?? '', /^-\d+\.\d% worse$/);
    assert.ok(![...rows.keys()].some((k) => k.startsWith('null ')), 'no rows for a target one run lacks');
    assert.match(cmp.stdout, /^Only in A: null smoke$/m);
  });

  it('the other way round, the same change is better', async () => {
    const cmp = await runCli(['compare', slow, fast]);
    assert.equal(cmp.code, 0, cmp.stderr);
    const rows = compareRows(cmp.stdout);
    assert.match(rows.get('fastify smoke all p50 ms')?.[2] ?? '', /^-\d+\.\d% better$/);
    assert.match(rows.get('fastify smoke all req/s')?.[2] ?? '', /^\+\d+\.\d% better$/);
    assert.match(cmp.stdout, /^Only in B: null smoke$/m);
  });
});
