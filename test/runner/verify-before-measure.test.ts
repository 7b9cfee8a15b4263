/**
 * Verify before measure, end to end: `servebench run` against a real fastify and the FAKE
 * wrong-answer server in front of it (rotated classes, a valid softmax). The fake is marked
 * invalid and never measured (no profile ran against it), the report says why, the real one is
 * measured, and the run exits 1.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { runStore, type TargetStatus } from '../../runner/results/run-store.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../../servers/targets/target.ts';
import { serveProcess, type ServedProcess } from '../helpers/serve-process.ts';
import { startWrongAnswerFake } from '../scenarios/helpers/wrong-answer-fake.ts';
import { runCli, tempResults } from './run-helpers.ts';

let fastify: ServedProcess;
let fake: Awaited<ReturnType<typeof startWrongAnswerFake>>;

before(async () => {
  await ensureModel(DEFAULT_MODEL_DIR);
  fastify = await serveProcess('fastify');
  fake = await startWrongAnswerFake(fastify.url, 'rotated');
});

after(async () => {
  await fake?.close();
  await fastify?.stop();
});

test('a target that answers wrongly is marked invalid, not measured, and the report says why', { timeout: 120_000 }, async () => {
  const out = tempResults();
  const args = ['run', '--targets', `good=${fastify.url},wrong=${fake.url}`, '--profiles', 'paper,concurrency', '--paper-n', '1,5', '--repetitions', '1', '--levels', '1', '--step-duration', '2s', '--warmup', '1s', '--out', out, '--run-id', 'verify'];
  const cli = await runCli(args);
  const store = runStore(join(out, 'verify'));
  const report = JSON.parse(readFileSync(join(store.runDir, 'report.json'), 'utf8')) as RunReport;
  const results = (target: string) => report.results.filter((r) => r.target === target);

  const wrongStatus = JSON.parse(readFileSync(store.status('wrong'), 'utf8')) as TargetStatus;
  assert.equal(wrongStatus.status, 'invalid', `${cli.stdout}\n${cli.stderr}`);
  assert.deepEqual(wrongStatus.profiles, [], 'no profile ran against it');
  for (const profile of ['paper', 'concurrency']) assert.equal(existsSync(store.profileDir('wrong', profile)), false, `nothing measured for wrong/${profile}`);

  const wrong = results('wrong');
  assert.equal(wrong.length, 2, JSON.stringify(report.results.map((r) => [r.target, r.profile])));
  for (const r of wrong) {
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.validity, ['invalid']);
    assert.deepEqual(r.windows, []);
    assert.match(r.failure?.reason ?? '', /invalid, not measured: wrong answers in the correctness pass .*argmax = expected class/);
  }
  const good = results('good');
  assert.ok(good.length === 2 && good.every((r) => r.status === 'ok' && r.validity.join() === 'valid' && r.windows.length > 0), JSON.stringify(good));

  const md = readFileSync(join(store.runDir, 'report.md'), 'utf8');
  assert.match(md, /invalid, not measured: wrong answers in the correctness pass/);
  assert.match(cli.stdout, /wrong: invalid \(invalid, not measured/);
  assert.equal(cli.code, 1, 'an invalid target fails the run');
});
