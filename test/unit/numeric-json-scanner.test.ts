import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelSignature } from '../../servers/engines/engine.ts';
import { mulberry32, type Random } from '../../servers/data/prng.ts';
import { nestedImage } from '../../servers/data/image-json.ts';
import { syntheticImages } from '../../servers/data/synthetic-images.ts';
import { scanNumericBody } from '../../servers/rest/numeric-json-scanner.ts';
import { decodePredictBody, decodePredictJson } from '../../servers/rest/predict-request-decoder.ts';

const SIGNATURE: ModelSignature = {
  inputs: [{ name: 'images', dtype: 'float32', shape: [-1, 32, 32, 3] }],
  outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }],
};

/** The decoder's answer, or its error message: what a client would see. */
function outcome(decode: () => unknown): unknown {
  try {
    return { ok: decode() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function randomNumber(random: Random): string {
  const forms = [
    () => String(Math.floor(random() * 256)),
    () => String(-Math.floor(random() * 1000)),
    () => (random() * 512 - 256).toString(),
    () => (random() * 10).toExponential(3),
    () => `${Math.floor(random() * 9) + 1}E+${Math.floor(random() * 5)}`,
    () => `${Math.floor(random() * 9)}e-${Math.floor(random() * 40)}`,
    () => String(Math.floor(random() * 1e17)), // more digits than a double holds exactly
    () => '-0',
    () => `0.${'3'.repeat(1 + Math.floor(random() * 25))}`,
  ];
  return pick(random, forms)();
}

const space = (random: Random) => pick(random, ['', '', ' ', '\n', '\t ', '\r\n  ']);

function randomTensor(random: Random, shape: number[], depth = 0): string {
  const items = Array.from({ length: shape[depth] }, () =>
    depth === shape.length - 1 ? randomNumber(random) : randomTensor(random, shape, depth + 1),
  );
  return `[${space(random)}${items.join(`${space(random)},${space(random)}`)}${space(random)}]`;
}

function randomBody(random: Random): string {
  const rank = 1 + Math.floor(random() * 4);
  const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * 4));
  const members = [`"${random() < 0.8 ? 'instances' : 'inputs'}"${space(random)}:${space(random)}${randomTensor(random, shape)}`];
  if (random() < 0.4) members[random() < 0.5 ? 'push' : 'unshift'](`"signature_name":${space(random)}"serving_default"`);
  return `${space(random)}{${space(random)}${members.join(`${space(random)},${space(random)}`)}${space(random)}}${space(random)}`;
}

/** A random edit: delete, duplicate or replace a few characters. */
function mutate(random: Random, text: string): string {
  let out = text;
  for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
    const at = Math.floor(random() * out.length);
    const kind = random();
    if (kind < 0.4) out = out.slice(0, at) + out.slice(at + 1);
    else if (kind < 0.6) out = out.slice(0, at) + out[at] + out.slice(at);
    else out = out.slice(0, at) + pick(random, ['[', ']', ',', '1', '.', 'e', '-', '"', '{', '}', ' ', 'x', 'N']) + out.slice(at + 1);
  }
  return out;
}

/**
 * One body through both paths. Only a body the scanner accepts is compared (the fast path
 * against JSON.parse); a declined one goes to the general decoder in both, so comparing it would
 * compare that decoder with itself: it is counted instead, and must be one the scanner may
 * decline — never a valid plain body (see the valid-bodies tally).
 */
function compareFastPath(text: string, tally: { fast: number; declined: number; errors: number }): void {
  const body = Buffer.from(text);
  const general = outcome(() => decodePredictJson(body, SIGNATURE));
  if ('error' in (general as object)) tally.errors++;
  const scanned = scanNumericBody(body);
  if (!scanned) {
    tally.declined++;
    return;
  }
  tally.fast++;
  assert.ok(!('error' in (general as object)), `the scanner accepted a body the general decoder rejects: ${text}`);
  assert.deepEqual(outcome(() => decodePredictBody(body, SIGNATURE)), general, text);
}

describe('numeric JSON scanner (fast REST decode path)', () => {
  it('reads a real one-image request into the same float32 tensor as JSON.parse', () => {
    const pixels = syntheticImages(2)[1].pixels;
    const body = Buffer.from(JSON.stringify({ instances: [nestedImage(pixels)] }));
    const scanned = scanNumericBody(body);
    assert.ok(scanned, 'the canonical request must take the fast path');
    assert.deepEqual(scanned.shape, [1, 32, 32, 3]);
    assert.deepEqual(scanned.data, Float32Array.from(pixels));
    assert.equal(scanned.data.byteOffset, 0);
    assert.equal(scanned.data.buffer.byteLength, scanned.data.byteLength, 'an exact buffer, so it can be transferred to a worker');
    assert.deepEqual(decodePredictBody(body, SIGNATURE), decodePredictJson(body, SIGNATURE));
  });

  it('gives exactly the general decoder answer on 2,000 random valid bodies, every one on the fast path', () => {
    const random = mulberry32(20261128);
    const tally = { fast: 0, declined: 0, errors: 0 };
    for (let i = 0; i < 2000; i++) compareFastPath(randomBody(random), tally);
    assert.deepEqual(tally, { fast: 2000, declined: 0, errors: 0 }, 'every generated body is plain numeric JSON the scanner must accept');
  });

  it('on 4,000 randomly damaged bodies, what the scanner accepts decodes as the general decoder does; it accepts no invalid body', (t) => {
    const random = mulberry32(7);
    const tally = { fast: 0, declined: 0, errors: 0 };
    for (let i = 0; i < 4000; i++) compareFastPath(mutate(random, randomBody(random)), tally);
    t.diagnostic(JSON.stringify(tally));
    assert.ok(tally.errors > 1000, `the damage must produce many invalid bodies: ${JSON.stringify(tally)}`);
    assert.ok(tally.fast > 500, `many damaged but still valid bodies must take the fast path, or nothing was compared: ${JSON.stringify(tally)}`);
    assert.ok(tally.declined > 1000, `many bodies must be left to the general decoder: ${JSON.stringify(tally)}`);
  });

  it('leaves every body it does not fully understand to the general decoder', () => {
    const declined = [
      '{}',
      '{"instances": []}',
      '{"instances": [[]]}',
      '{"instances": [[1, 2], [3]]}',
      '{"instances": [[1, 2], 3]}',
      '{"instances": [1, [2]]}',
      '{"instances": [1e999]}',
      '{"instances": [NaN]}',
      '{"instances": [01]}',
      '{"instances": [1.]}',
      '{"instances": [.5]}',
      '{"instances": [+1]}',
      '{"instances": [1,]}',
      '{"instances": [{"images": [1]}]}',
      '{"inputs": {"images": [1]}}',
      '{"instances": [1], "inputs": [1]}',
      '{"instances": [1], "instances": [2]}',
      '{"instances": [1], "other": 1}',
      '{"signature_name": "a\\u0062", "instances": [1]}',
      '{"signature_name": 5, "instances": [1]}',
      '{"instances": [1]} x',
      '{"instances": [1]',
      '\ufeff{"instances": [1]}',
      '[1, 2]',
    ];
    for (const text of declined) {
      assert.equal(scanNumericBody(Buffer.from(text)), undefined, text);
    }
  });

  it('keeps the signature name and the request format', () => {
    const scanned = scanNumericBody(Buffer.from('{"signature_name":"serving_default","inputs":[[1.5,-2e3]]}'));
    assert.deepEqual(scanned && { ...scanned, data: [...scanned.data] }, {
      key: 'inputs',
      signatureName: 'serving_default',
      data: [1.5, -2000],
      shape: [1, 2],
    });
    assert.equal(decodePredictBody(Buffer.from('{"inputs":[[1]]}'), SIGNATURE).format, 'columnar');
  });
});
