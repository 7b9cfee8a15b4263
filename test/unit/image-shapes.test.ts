/**
 * The data path at any input shape: synthetic images at 224x224x3 with int or two-decimal float
 * pixels, batches packed at the shape (float32 for raw tensors, float64 for JSON text), nested
 * rows, shape parsing, and the scenarios' config taking the shape from the model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFloat32Batch, toFloat64Batch } from '../../servers/data/batch.ts';
import { nestedImage, nestedImageOf } from '../../servers/data/image-json.ts';
import { CIFAR_SHAPE, parseImageShape, type ImageShape } from '../../servers/data/image-shape.ts';
import { syntheticImage, syntheticPixels } from '../../servers/data/synthetic-images.ts';
import { parseConfig } from '../../scenarios/lib/config.ts';
import { ConfigError } from '../../scenarios/lib/env.ts';

const LARGE: ImageShape = [224, 224, 3];

describe('synthetic pixels at any shape', () => {
  it('32x32x3 int pixels are the CIFAR-like bytes', () => {
    for (const i of [0, 5, 77]) assert.deepEqual(syntheticPixels(i, 2021, CIFAR_SHAPE, 'int'), syntheticImage(i, 2021).pixels);
  });

  it('float pixels: 0-255, at most two decimals, not all whole, deterministic, one value per H*W*C', () => {
    const a = syntheticPixels(3, 2021, LARGE, 'float');
    assert.ok(a instanceof Float64Array);
    assert.equal(a.length, 224 * 224 * 3);
    assert.ok(a.every((v) => v >= 0 && v <= 255));
    assert.ok(a.every((v) => Number(v.toFixed(2)) === v), 'two decimals at most');
    const fractional = a.filter((v) => !Number.isInteger(v)).length;
    assert.ok(fractional > a.length / 2, `most values have decimals (${fractional} of ${a.length})`);
    assert.deepEqual(syntheticPixels(3, 2021, LARGE, 'float'), a);
    assert.notDeepEqual(syntheticPixels(4, 2021, LARGE, 'float'), a);
  });

  it('int pixels at 224x224x3 are bytes, and differ across the image (not one colour)', () => {
    const p = syntheticPixels(1, 2021, LARGE, 'int');
    assert.ok(p instanceof Uint8Array);
    assert.ok(new Set(p).size > 50);
  });
});

describe('batches and JSON rows at a shape', () => {
  const images = [0, 1].map((i) => syntheticPixels(i, 2021, LARGE, 'float'));

  it('packs NHWC: float32 for raw tensors, float64 keeping the written values', () => {
    const f32 = toFloat32Batch(images, LARGE);
    const f64 = toFloat64Batch(images, LARGE);
    assert.equal(f32.length, 2 * 224 * 224 * 3);
    assert.equal(f64[224 * 224 * 3 + 7], images[1][7]);
    assert.equal(f32[224 * 224 * 3 + 7], Math.fround(images[1][7]));
    assert.match(Array.from(f64.subarray(0, 50)).join(','), /^\d+(\.\d{1,2})?(,\d+(\.\d{1,2})?)*$/);
  });

  it('refuses an image of the wrong size for the shape', () => {
    assert.throws(() => toFloat32Batch([syntheticImage(0).pixels], LARGE), /expected 150528 \(224x224x3 HWC\)/);
  });

  it('nests [height][width][channels]; nestedImage stays CIFAR-shaped when mapped', () => {
    const rows = nestedImageOf(images[0], LARGE);
    assert.equal(rows.length, 224);
    assert.equal(rows[0].length, 224);
    assert.deepEqual(rows[10][20], Array.from(images[0].subarray((10 * 224 + 20) * 3, (10 * 224 + 20) * 3 + 3)));
    const mapped = [syntheticImage(0).pixels, syntheticImage(1).pixels].map(nestedImage);
    assert.equal(mapped[1].length, 32);
  });

  it('parses HxWxC shapes and refuses others', () => {
    assert.deepEqual(parseImageShape('224x224x3'), [224, 224, 3]);
    assert.deepEqual(parseImageShape('8,8,1'), [8, 8, 1]);
    for (const bad of ['224x224', '0x2x3', 'axbxc', '1x2x3x4']) assert.throws(() => parseImageShape(bad), /not an image shape/);
  });
});

describe('scenario config: the input shape from the model', () => {
  const root = 'file:///repo/';
  const entry = { target: 't', address: 'fastify' as const };

  it('MODEL_NAME of a generated model gives its shape; other names CIFAR\'s; INPUT_SHAPE overrides', () => {
    assert.deepEqual(parseConfig({ MODEL_NAME: 'payload224', EXPECT: 'shape' }, entry, root).inputShape, [224, 224, 3]);
    assert.deepEqual(parseConfig({}, entry, root).inputShape, [32, 32, 3]);
    assert.deepEqual(parseConfig({ MODEL_NAME: 'resnet', INPUT_SHAPE: '64x64x3', EXPECT: 'shape' }, entry, root).inputShape, [64, 64, 3]);
    assert.equal(parseConfig({ PIXELS: 'float', EXPECT: 'shape' }, entry, root).pixels, 'float');
  });

  it('refuses class expectations for images the expected-classes file is not about', () => {
    assert.throws(() => parseConfig({ MODEL_NAME: 'payload224' }, entry, root), (e: unknown) => e instanceof ConfigError && /set EXPECT=shape/.test(e.message));
    assert.throws(() => parseConfig({ PIXELS: 'float' }, entry, root), /set EXPECT=shape/);
    assert.throws(() => parseConfig({ INPUT_SHAPE: '3x3', EXPECT: 'shape' }, entry, root), /INPUT_SHAPE=/);
  });
});
