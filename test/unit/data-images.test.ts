import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { IMAGE_BYTES, syntheticImage, syntheticImages } from '../../servers/data/synthetic-images.ts';
import { CIFAR_RECORD_BYTES, parseCifarBinary } from '../../servers/data/cifar-binary.ts';
import { loadCifarBinaryFile } from '../../servers/data/cifar-binary-file.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';

/** A CIFAR record: label, then R, G, B planes; pixel (y, x) of channel c holds (c*50 + y + x) & 255. */
function record(label: number): Uint8Array {
  const r = new Uint8Array(CIFAR_RECORD_BYTES);
  r[0] = label;
  for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) r[1 + c * 1024 + p] = (c * 50 + Math.floor(p / 32) + (p % 32)) & 255;
  return r;
}

describe('synthetic images', () => {
  it('are deterministic per (seed, index), varied, and labelled index % 10', () => {
    assert.deepEqual(syntheticImage(5, 1).pixels, syntheticImage(5, 1).pixels);
    assert.notDeepEqual(syntheticImage(5, 1).pixels, syntheticImage(5, 2).pixels);
    const imgs = syntheticImages(20, 1);
    assert.equal(imgs[13].label, 3);
    assert.equal(imgs[0].pixels.length, IMAGE_BYTES);
    const means = imgs.map((i) => i.pixels.reduce((s, v) => s + v, 0) / IMAGE_BYTES);
    assert.ok(Math.max(...means) - Math.min(...means) > 30, 'images differ in brightness');
    assert.deepEqual(syntheticImages(3, 1, 10).map((i) => i.label), [0, 1, 2]);
  });

  it('pack into a float32 NHWC batch holding 0-255', () => {
    const imgs = syntheticImages(2, 1).map((i) => i.pixels);
    const batch = toFloat32Batch(imgs);
    assert.equal(batch.length, 2 * IMAGE_BYTES);
    assert.equal(batch[IMAGE_BYTES + 7], imgs[1][7]);
    assert.throws(() => toFloat32Batch([new Uint8Array(10)]), /10 bytes, expected 3072/);
  });
});

describe('CIFAR-10 binary loader', () => {
  it('reads records from a file, converting CHW planes to HWC', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'servebench-cifar-')), 'test_batch.bin');
    const bytes = new Uint8Array(3 * CIFAR_RECORD_BYTES);
    [7, 0, 9].forEach((label, i) => bytes.set(record(label), i * CIFAR_RECORD_BYTES));
    await writeFile(file, bytes);
    const images = await loadCifarBinaryFile(file);
    assert.deepEqual(images.map((i) => i.label), [7, 0, 9]);
    const px = (y: number, x: number) => Array.from(images[0].pixels.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3));
    assert.deepEqual(px(0, 0), [0, 50, 100]);
    assert.deepEqual(px(2, 5), [7, 57, 107]);
    assert.deepEqual(px(31, 31), [62, 112, 162]);
    assert.equal((await loadCifarBinaryFile(file, 2)).length, 2);
  });

  it('rejects truncated and empty files with the path and sizes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'servebench-cifar-'));
    const truncated = path.join(dir, 'cut.bin');
    await writeFile(truncated, record(1).subarray(0, 3000));
    await assert.rejects(loadCifarBinaryFile(truncated), (err: Error) => err.message.includes(truncated) && /3000 bytes is not a multiple of the 3073-byte record size/.test(err.message));
    const empty = path.join(dir, 'empty.bin');
    await writeFile(empty, '');
    await assert.rejects(loadCifarBinaryFile(empty), /empty\.bin is empty \(0 bytes\)/);
    assert.throws(() => parseCifarBinary(new Uint8Array(CIFAR_RECORD_BYTES + 1)), /<buffer> is truncated.*1 full records \+ 1 bytes/);
  });
});
