import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensureModel, modelNameFromDir, resolveModelVersionDir } from '../../servers/model/generate.ts';
import { LAYERS, parameterCount } from '../../servers/model/architecture.ts';

const FILES = ['model.onnx', 'model.json', 'group1-shard1of1.bin'];

describe('model generation', () => {
  it('has the paper architecture: ~2.5M parameters from the layer data', () => {
    assert.equal(parameterCount(), 2_510_538);
    assert.equal(LAYERS.filter((l) => l.kind === 'conv').length, 4);
    assert.equal(LAYERS.filter((l) => l.kind === 'dropout').length, 4);
    assert.equal(LAYERS.at(-1)?.name, 'probabilities');
  });

  it('writes byte-identical artifacts for the same seed, different ones for another seed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'servebench-model-'));
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d, i) => ensureModel(path.join(root, d), { seed: i === 2 ? 99 : 7 })));
    assert.equal(a, path.join(root, 'a', '1'));
    for (const f of FILES) {
      const [x, y] = await Promise.all([readFile(path.join(a, f)), readFile(path.join(b, f))]);
      assert.ok(x.length > 10_000, `${f} is not trivially small`);
      assert.ok(x.equals(y), `${f} differs between two runs with the same seed`);
    }
    const [x, z] = await Promise.all([readFile(path.join(a, 'model.onnx')), readFile(path.join(c, 'model.onnx'))]);
    assert.ok(!x.equals(z), 'a different seed gives different weights');
    // ONNX weights + TF.js weights are each ~4 bytes per parameter.
    assert.ok(Math.abs(x.length - 4 * parameterCount()) < 50_000);
    assert.equal((await stat(path.join(a, 'group1-shard1of1.bin'))).size, 4 * parameterCount());
  });

  it('does not regenerate existing artifacts unless forced', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'servebench-model-'));
    const dir = await ensureModel(root);
    const before = (await stat(path.join(dir, 'model.onnx'))).mtimeMs;
    await writeFile(path.join(dir, 'model.json.marker'), '');
    assert.equal(await ensureModel(root), dir);
    assert.equal((await stat(path.join(dir, 'model.onnx'))).mtimeMs, before);
  });

  it('resolves version dirs and model names', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'servebench-dirs-'));
    const base = path.join(root, 'my-model');
    for (const v of ['1', '2', '10']) {
      await mkdir(path.join(base, v), { recursive: true });
      await writeFile(path.join(base, v, 'model.onnx'), '');
    }
    await mkdir(path.join(base, 'notes'));
    assert.equal(await resolveModelVersionDir(base), path.join(base, '10'));
    assert.equal(await resolveModelVersionDir(base, 2), path.join(base, '2'));
    assert.equal(await resolveModelVersionDir(path.join(base, '2')), path.join(base, '2'));
    await assert.rejects(resolveModelVersionDir(base, 3), /version 3 not found .*1, 2, 10/);
    await assert.rejects(resolveModelVersionDir(path.join(base, 'notes')), /neither model files/);
    await assert.rejects(resolveModelVersionDir(path.join(root, 'missing')), /does not exist/);
    assert.equal(modelNameFromDir(base), 'my-model');
    assert.equal(modelNameFromDir(path.join(base, '2')), 'my-model');
    assert.equal(modelNameFromDir('models/cifar10/1'), 'cifar10');
  });
});
