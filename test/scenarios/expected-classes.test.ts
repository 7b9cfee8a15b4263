/** The committed expected classes equal a fresh run of our reference engine on the synthetic images. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { computeExpected, formatExpected, SYNTHETIC_EXPECTED_FILE, syntheticSource } from '../../build/expected-classes.ts';
import { parseExpectedFile } from '../../scenarios/lib/expected-file.ts';

describe('scenarios/lib/expected-synthetic.json', () => {
  it('equals a fresh regeneration (onnxruntime, 1 thread)', async () => {
    const committed = await readFile(SYNTHETIC_EXPECTED_FILE, 'utf8');
    const parsed = parseExpectedFile(committed, SYNTHETIC_EXPECTED_FILE);
    const fresh = await computeExpected(syntheticSource(parsed.seed), { count: parsed.images.length, minMargin: parsed.minMargin });
    assert.equal(formatExpected(fresh), committed, 'stale: regenerate with npx tsx build/expected-classes.ts');
  });

  it('spreads over several classes and keeps only safe margins', async () => {
    const parsed = parseExpectedFile(await readFile(SYNTHETIC_EXPECTED_FILE, 'utf8'), SYNTHETIC_EXPECTED_FILE);
    assert.ok(new Set(parsed.images.map((e) => e.class)).size >= 3);
    assert.ok(parsed.images.every((e) => e.margin >= parsed.minMargin && parsed.minMargin >= 1e-3));
  });
});
