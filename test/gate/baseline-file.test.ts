/** The baseline file: round trip, and clear errors (which file, what's wrong, how to create one). */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BASELINE_SCHEMA_VERSION, baselineFromReports, readBaseline, writeBaseline } from '../../runner/gate/baseline-file.ts';
import { GateInputError } from '../../runner/gate/gate-errors.ts';
import { around, reportOf, targetOf, windowOf } from './report-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'servebench-baseline-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CLI = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
const report = reportOf('run-42', [targetOf('fastify', [windowOf('vus=8', { p50: around(10, 0.02) })])]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Asserts readBaseline(path) throws a GateInputError naming the file, the problem and the fix. */
function rejects(path: string, problem: RegExp): void {
  assert.throws(() => readBaseline(path), (err: unknown) => {
    assert.ok(err instanceof GateInputError, String(err));
    assert.ok(err.message.includes(path), `names the file: ${err.message}`);
    assert.match(err.message, problem);
    assert.match(err.message, /servebench baseline update --run results\/<run-id>/);
    return true;
  });
}

test('a baseline records its run, machine, date, schema version and every repetition value', () => {
  const path = join(dir, 'nested', 'nightly.json');
  writeBaseline(path, baselineFromReports([report], new Date('2025-02-03T04:05:06Z')));
  const b = readBaseline(path);
  assert.equal(b.schemaVersion, BASELINE_SCHEMA_VERSION);
  assert.deepEqual(b.sourceRunIds, ['run-42']);
  assert.equal(b.createdAt, '2025-02-03T04:05:06.000Z');
  assert.deepEqual(b.machine, report.environment);
  const p50 = b.entries.find((e) => e.metric === 'p50' && e.window === 'vus=8');
  assert.deepEqual(p50?.values, around(10, 0.02));
  assert.equal(p50?.unit, 'ms');
  assert.deepEqual(new Set(b.entries.map((e) => e.metric)), new Set(['p50', 'p95', 'p99', 'throughput', 'cpu', 'rss']));
});

test('missing, unparsable, foreign, future-version and damaged baselines are rejected clearly', () => {
  rejects(join(dir, 'nope.json'), /does not exist/);
  rejects(file('truncated.json', '{"kind": "servebench-baseline", "schemaV'), /not valid JSON/);
  rejects(file('array.json', '[]'), /corrupt: the top level is not an object/);
  rejects(file('foreign.json', '{"name": "something else"}'), /"kind" is undefined/);
  const good = JSON.parse(JSON.stringify(baselineFromReports([report], new Date(0))));
  rejects(file('v9.json', JSON.stringify({ ...good, schemaVersion: 9 })), /"schemaVersion" is 9; this servebench reads version 1/);
  good.entries[2].values = ['fast'];
  rejects(file('values.json', JSON.stringify(good)), /entries\[2\]\.values must be a non-empty array of numbers/);
  good.entries[2].values = [1];
  good.entries[1].metric = 'p42';
  rejects(file('metric.json', JSON.stringify(good)), /entries\[1\]\.metric "p42" is not a known metric/);
});

test('a baseline is never recorded from a run with a failed target', () => {
  const failed = reportOf('bad', [targetOf('grpc', [], { status: 'failed', failure: { reason: 'health probe timed out', logTail: '' } })]);
  assert.throws(() => baselineFromReports([failed], new Date()), /failed targets: grpc \(health probe timed out\)/);
});

test('the CLI exits 2 with the reason for a missing baseline and for bad flags, and writes baselines explicitly', async () => {
  const run = join(dir, 'run-42');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'report.json'), JSON.stringify(report));
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const missing = await cli(['gate', '--run', run, '--baseline', join(dir, 'absent.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /baseline ".*absent\.json" does not exist\.\nCreate it from a run you trust: servebench baseline update/);
  assert.equal((await cli(['gate', '--run', run, '--min-effect', 'ten'])).code, 2);
  assert.equal((await cli(['gate', '--run', join(dir, 'no-run')])).code, 2);

  const path = join(dir, 'cli', 'nightly.json');
  const update = await cli(['baseline', 'update', '--run', run, '--baseline', path]);
  assert.equal(update.code, 0, update.stderr);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).sourceRunIds, ['run-42']);
  const same = await cli(['gate', '--run', run, '--baseline', path]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /## servebench gate: ✅ no regressions/);
});
