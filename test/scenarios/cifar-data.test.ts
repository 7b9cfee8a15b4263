/**
 * DATA=<CIFAR-10 binary batch>: k6 reads it with open(path, 'b'), judges answers against the
 * expected file written next to it by `build/expected-classes.ts --cifar`, and refuses to run
 * without that file unless told to judge something else.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';
import { addressEnv, checkCounts, describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, ROOT, runScenario } from './helpers/run-scenario.ts';

const run = promisify(execFile);

/** A small CIFAR-10 binary batch (label byte + R, G, B planes) made from synthetic images. */
function cifarBatch(count: number): Uint8Array {
  const out = new Uint8Array(count * 3073);
  syntheticImages(count, 7).forEach((img, n) => {
    const rec = out.subarray(n * 3073, (n + 1) * 3073);
    rec[0] = (n * 3) % 10;
    for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) rec[1 + c * 1024 + p] = img.pixels[p * 3 + c];
  });
  return out;
}

describe('CIFAR-10 binary data', () => {
  let dir: string;
  let data: string;
  let target: TargetUnderTest;
  before(async () => {
    await ensureBundle();
    dir = await mkdtemp(join(tmpdir(), 'servebench-cifar-'));
    data = join(dir, 'test_batch.bin');
    await writeFile(data, cifarBatch(40));
    target = await startUnderTest('fastify');
  });
  after(async () => {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('without the expected file, a class-judged run stops before load and says how to write it', async () => {
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, ...addressEnv(target.url), DATA: data });
    assert.equal(r.code, EXIT.scriptException, describeRun(r));
    assert.match(r.stderr, /build\/expected-classes\.ts --cifar/);
  });

  it('expected-classes --cifar writes <data>.expected.json and the run passes against it', async () => {
    await run('npx', ['tsx', 'build/expected-classes.ts', '--cifar', data, '--count', '8'], { cwd: ROOT });
    const expected = JSON.parse(await readFile(`${data}.expected.json`, 'utf8')) as { images: unknown[] };
    assert.ok(expected.images.length > 0 && expected.images.length <= 8);
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, ...addressEnv(target.url), DATA: data, POOL: String(expected.images.length), BATCH: '2' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const checks = checkCounts(r.summary!);
    assert.ok(checks['argmax = expected class'].passes > 0 && checks['argmax = expected class'].fails === 0);
  });

  it("EXPECT=label judges against the file's labels (this model is untrained, so it fails)", async () => {
    const r = await runScenario(distEntry('fastify-rest'), { ...QUICK_ENV, ...addressEnv(target.url), DATA: data, EXPECT: 'label', POOL: '20' });
    assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
    assert.ok(checkCounts(r.summary!)['argmax = expected class'].fails > 0);
  });
});
