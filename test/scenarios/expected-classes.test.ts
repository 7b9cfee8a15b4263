/**
 * The committed expected classes equal a fresh run of our reference engine on the synthetic
 * images: classes exactly, margins within a tolerance (their last digits depend on the CPU).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { computeExpected, SYNTHETIC_EXPECTED_FILE, syntheticSource } from '../../build/expected-classes.ts';
import { diffExpected, MARGIN_TOLERANCE } from '../../build/expected-diff.ts';
import { parseExpectedFile, type ExpectedFile, type ExpectedImage } from '../../scenarios/lib/expected-file.ts';

const committedFile = async () => parseExpectedFile(await readFile(SYNTHETIC_EXPECTED_FILE, 'utf8'), SYNTHETIC_EXPECTED_FILE);

describe('scenarios/lib/expected-synthetic.json', () => {
  it('equals a fresh regeneration (onnxruntime, 1 thread): same images and classes, margins within the tolerance', async () => {
    const committed = await committedFile();
    const fresh = await computeExpected(syntheticSource(committed.seed), { count: committed.images.length, minMargin: committed.minMargin });
    assert.deepEqual(diffExpected(committed, fresh), [], 'stale: regenerate with npx tsx build/expected-classes.ts');
  });

  it('spreads over several classes and keeps only safe margins', async () => {
    const parsed = await committedFile();
    assert.ok(new Set(parsed.images.map((e) => e.class)).size >= 3);
    assert.ok(parsed.images.every((e) => e.margin >= parsed.minMargin && parsed.minMargin >= 1e-3));
  });
});

describe('diffExpected', () => {
  const image = (index: number, cls: number, margin: number): ExpectedImage => ({ index, class: cls, margin });
  const file = (images: ExpectedImage[]): ExpectedFile => ({ source: 'synthetic', seed: 1, engine: 'onnxruntime', minMargin: 0.01, images });
  const base = file([image(0, 4, 0.052819), image(2, 7, 0.2), image(5, 1, 0.03)]);
  const edit = (i: number, change: Partial<ExpectedImage>) => file(base.images.map((e, k) => (k === i ? { ...e, ...change } : e)));

  it('accepts what CPUs change: the last digits of a margin', () => {
    assert.deepEqual(diffExpected(base, edit(0, { margin: 0.05282 })), []);
    assert.deepEqual(diffExpected(base, edit(1, { margin: 0.2 - MARGIN_TOLERANCE / 2 })), []);
  });

  it('reports a different class, a margin beyond the tolerance, a header change', () => {
    assert.deepEqual(diffExpected(base, edit(1, { class: 3 })), ['image 2: class committed 7, fresh 3']);
    assert.match(diffExpected(base, edit(2, { margin: 0.03 + 3 * MARGIN_TOLERANCE })).join(), /image 5: margin committed 0\.03, fresh 0\.0303/);
    assert.deepEqual(diffExpected(base, { ...base, seed: 2 }), ['seed: committed 1, fresh 2']);
  });

  it('reports a safe image missing or added, accepts one on the --min-margin boundary', () => {
    const dropped = file([image(0, 4, 0.052819), image(5, 1, 0.03), image(6, 2, 0.04)]);
    assert.deepEqual(diffExpected(base, dropped), ['image 2: committed (margin 0.2), missing from the fresh run']);
    // Another CPU keeps image 1 at 0.01 + 1e-6 and so ends the list one image earlier.
    const boundary = file([image(0, 4, 0.052819), image(1, 9, 0.010001), image(2, 7, 0.2)]);
    assert.deepEqual(diffExpected(base, boundary), []);
    assert.deepEqual(diffExpected(boundary, base), []);
  });
});
