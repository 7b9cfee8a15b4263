/**
 * Where a gateway's time goes, over a real run: `servebench run` on the built-in engine drives
 * a real gateway in front of a real fastify (REST relay) and a real grpc model server on
 * 127.0.0.1, at 1 and 16 VUs. The model server's parts must come back nested inside the
 * gateway's upstream span, and every part and every remainder of the report's "Where the time
 * goes" table must be ≥ 0 (before, the upstream's infer was added beside the span that holds it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { timeBreakdown } from '../../runner/report/time-breakdown.ts';
import { runCli, tempResults } from '../runner/run-helpers.ts';

const TARGETS = ['gateway:fastify', 'gateway:grpc'];
const LEVELS = [1, 16];

describe('time breakdown of a real gateway run (concurrency 1 and 16 VUs)', () => {
  const out = tempResults();
  const runDir = join(out, 'gw');
  let report: RunReport;

  before(async () => {
    const result = await runCli([
      'run', '--targets', TARGETS.join(','), '--profiles', 'concurrency', '--levels', LEVELS.join(','),
      '--step-duration', '3s', '--warmup', '1s', '--out', out, '--run-id', 'gw',
    ]);
    assert.equal(result.code, 0, `run failed:\n${result.stdout}\n${result.stderr}`);
    report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunReport;
  });

  it('each gateway window has its upstream span with the model server\'s parts nested inside', () => {
    for (const target of TARGETS) {
      const r = report.results.find((x) => x.target === target);
      assert.ok(r && r.status === 'ok', `${target}: ${JSON.stringify(r?.failure)}`);
      assert.deepEqual(r.windows.map((w) => w.window), LEVELS.map((l) => `vus=${l}`));
      for (const w of r.windows) {
        const t = w.serverTiming;
        assert.ok(t?.upstream !== undefined && t.upstreamInfer !== undefined && t.upstreamInfer > 0, `${target} ${w.window}: ${JSON.stringify(t)}`);
        assert.equal(t.infer, undefined, `${target} ${w.window}: the model server's infer counted as the gateway's own`);
      }
    }
  });

  it('every part and every remainder is ≥ 0, and each span adds up', () => {
    for (const r of report.results) {
      for (const w of r.windows) {
        const spans = timeBreakdown(w.latency.mean, w.serverTiming!);
        assert.deepEqual(spans.map((s) => s.span), ['client', 'upstream'], `${r.target} ${w.window}`);
        for (const s of spans) {
          const what = `${r.target} ${w.window} ${s.span} span ${JSON.stringify(s)}`;
          for (const v of [...Object.values(s.parts), s.upstream ?? 0, s.rest]) assert.ok(v! >= 0, what);
        }
        assert.equal(spans[0].upstream, spans[1].total, 'the upstream span broken down is the one in the client span');
      }
    }
  });

  it('report.md shows the two spans per gateway window and no negative time', () => {
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    const section = md.split('\n## ').find((s) => s.startsWith('Where the time goes'));
    assert.ok(section, 'no "Where the time goes" section');
    const rows = section.split('\n').filter((l) => l.startsWith('| gateway:')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
    assert.equal(rows.length, TARGETS.length * LEVELS.length * 2);
    assert.deepEqual([...new Set(rows.map((c) => c[3]))], ['client', 'upstream']);
    for (const cells of rows) for (const c of cells.slice(4)) assert.ok(c === '–' || Number(c) >= 0, `a negative or unreadable cell "${c}" in ${cells.join(' | ')}`);
  });
});
