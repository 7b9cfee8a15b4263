/**
 * Request payloads, built once per test in the init context (SharedArray): the images
 * (synthetic or a CIFAR-10 binary batch), the wire bodies in the scenario's API and encoding (TF
 * Serving JSON or tensor_content; OIP JSON, typed contents or raw bytes, base64),
 * and the class expected for every image. Images have the configured shape (INPUT_SHAPE, from the
 * model) and pixels (PIXELS=int|float); JSON carries the pixels as written, raw tensors as float32.
 */
import encoding from 'k6/encoding';
import { SharedArray } from 'k6/data';
import { DEFAULT_IMAGE_SEED, syntheticPixels } from '../../servers/data/synthetic-images.ts';
import { nestedImageOf } from '../../servers/data/image-json.ts';
import { shapeText, type Pixels } from '../../servers/data/image-shape.ts';
import { parseCifarBinary } from '../../servers/data/cifar-binary.ts';
import { toFloat32Batch, toFloat64Batch } from '../../servers/data/batch.ts';
import type { Config } from './config.ts';
import { ConfigError } from './env.ts';
import { parseExpectedFile } from './expected-file.ts';
import { RAW_FLOAT32 } from './encodings.ts';
import { oipContentsBody, oipJsonBody } from './oip-payload.ts';
import type { PreparedRequest } from './outcome.ts';

interface PoolImage {
  pixels: Pixels;
  expected: number | null;
}

function readExpected(config: Config) {
  let text: string;
  try {
    text = open(config.expectedPath);
  } catch (err) {
    const hint =
      config.data.kind === 'cifar'
        ? `write it with: npx tsx build/expected-classes.ts --cifar ${config.data.path}`
        : 'regenerate it with: npx tsx build/expected-classes.ts';
    throw new ConfigError(`cannot read expected classes ${config.expectedPath} (${String(err)}); ${hint}, or set EXPECT=shape`);
  }
  return parseExpectedFile(text, config.expectedPath);
}

function syntheticPool(config: Config): PoolImage[] {
  const image = (index: number, seed = DEFAULT_IMAGE_SEED) => syntheticPixels(index, seed, config.inputShape, config.pixels);
  if (config.expect !== 'class') {
    return Array.from({ length: config.pool }, (_, i) => ({ pixels: image(i), expected: null }));
  }
  const file = readExpected(config);
  if (file.images.length < config.pool) {
    throw new ConfigError(`POOL=${config.pool} but ${config.expectedPath} lists ${file.images.length} images; lower POOL or regenerate with --count`);
  }
  const seed = file.seed ?? DEFAULT_IMAGE_SEED;
  return file.images.slice(0, config.pool).map((e) => ({ pixels: image(e.index, seed), expected: e.class }));
}

function cifarPool(config: Config, path: string): PoolImage[] {
  const images = parseCifarBinary(new Uint8Array(open(path, 'b')), path);
  if (config.expect === 'class') {
    const file = readExpected(config);
    return file.images.slice(0, config.pool).map((e) => {
      if (e.index >= images.length) throw new ConfigError(`${config.expectedPath} names image ${e.index}; ${path} has ${images.length}`);
      return { pixels: images[e.index].pixels, expected: e.class };
    });
  }
  return images
    .slice(0, config.pool)
    .map((img) => ({ pixels: img.pixels, expected: config.expect === 'label' ? img.label : null }));
}

function restBody(config: Config, images: Pixels[]): string {
  const signature = config.signatureName === 'serving_default' ? '' : `"signature_name":${JSON.stringify(config.signatureName)},`;
  return `{${signature}"instances":[${images.map((p) => JSON.stringify(nestedImageOf(p, config.inputShape))).join(',')}]}`;
}

function tensorContent(config: Config, images: Pixels[]): string {
  return encoding.b64encode(toFloat32Batch(images, config.inputShape).buffer as ArrayBuffer, 'std');
}

/** The wire body of one request in the scenario's API and encoding (encodings.ts). */
function requestBody(config: Config, images: Pixels[]): string {
  if (RAW_FLOAT32.includes(config.encoding)) return tensorContent(config, images);
  if (config.api === 'tfserving') return restBody(config, images);
  const values = toFloat64Batch(images, config.inputShape);
  return config.encoding === 'json' ? oipJsonBody(config, values) : oipContentsBody(values);
}

/** Request k carries images (k*batch + j) mod pool; at least one request, about pool/batch in all. */
function buildRequests(config: Config): PreparedRequest[] {
  const pool = config.data.kind === 'synthetic' ? syntheticPool(config) : cifarPool(config, config.data.path);
  if (pool.length === 0) throw new ConfigError('no images to send (POOL or the expected-classes file is empty)');
  const count = Math.max(1, Math.floor(pool.length / config.batch));
  return Array.from({ length: count }, (_, k) => {
    const picked = Array.from({ length: config.batch }, (_, j) => pool[(k * config.batch + j) % pool.length]);
    const pixels = picked.map((p) => p.pixels);
    const body = requestBody(config, pixels);
    const expected = picked.every((p) => p.expected !== null) ? picked.map((p) => p.expected as number) : null;
    return { body, expected };
  });
}

/** The prepared requests, built once and shared by every VU. */
export function preparedRequests(config: Config): PreparedRequest[] {
  const name = [config.api, config.protocol, config.encoding, config.batch, shapeText(config.inputShape), config.pixels, config.pool, config.data.kind, config.expect, config.expectedPath].join('|');
  return new SharedArray(name, () => buildRequests(config)) as unknown as PreparedRequest[];
}
