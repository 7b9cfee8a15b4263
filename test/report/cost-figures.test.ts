import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dollarsPerMillion, windowCost } from '../../runner/report/cost.ts';
import { priceTableFrom } from '../../runner/report/price-flags.ts';
import { DEFAULT_PRICES, parsePriceFile } from '../../runner/report/price-table.ts';

const GB = 2 ** 30;

const close = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);

describe('cost figures', () => {
  it('integrates CPU and memory samples over a window and divides by its predictions', () => {
    // One core at 50 % and 1 GB for 10 s, sampled every 250 ms, 1,000 predictions.
    const points = Array.from({ length: 41 }, (_, i) => ({ t: 1_000 + i * 250, cpuPercent: 50, rssBytes: GB }));
    const c = windowCost(points, 1_000, 11_000, 1_000);
    assert.ok(c);
    close(c.cpuSeconds, 5, 1e-9, 'CPU-seconds');
    close(c.gbSeconds, 10, 1e-9, 'GB-seconds');
    close(c.cpuSecondsPer1k, 5, 1e-9, 'CPU-seconds per 1k');
    close(c.gbSecondsPer1k, 10, 1e-9, 'GB-seconds per 1k');
    // 5 CPU-s and 10 GB-s per 1k = 5,000 CPU-s and 10,000 GB-s per million.
    close(dollarsPerMillion(c, { vcpuHour: 0.036, gbHour: 0.0036, source: 't' }), (5000 / 3600) * 0.036 + (10000 / 3600) * 0.0036, 1e-9, '$ per million');
    assert.equal(windowCost(points, 20_000, 30_000, 1_000), undefined, 'no samples in the window: no figure');
    assert.equal(windowCost(points, 1_000, 11_000, 0), undefined, 'no predictions: no figure');
  });

  it('reads a price table from a file or flags, and refuses a bad one', () => {
    assert.deepEqual(priceTableFrom({}), DEFAULT_PRICES);
    assert.deepEqual(parsePriceFile('{"vcpuHour": 0.05, "source": "mine"}', 'p.json'), { vcpuHour: 0.05, gbHour: DEFAULT_PRICES.gbHour, source: 'mine' });
    const dir = mkdtempSync(join(tmpdir(), 'servebench-prices-'));
    writeFileSync(join(dir, 'p.json'), '{"vcpuHour": 0.05, "gbHour": 0.01}');
    assert.deepEqual(priceTableFrom({ prices: join(dir, 'p.json'), gbHour: '0.02' }), { vcpuHour: 0.05, gbHour: 0.02, source: 'given on the command line' });
    assert.throws(() => parsePriceFile('{"vcpuHour": -1}', 'p.json'), /vcpuHour must be a number/);
    assert.throws(() => parsePriceFile('{"cpu": 1}', 'p.json'), /unknown field "cpu"/);
    assert.throws(() => parsePriceFile('[1]', 'p.json'), /must be an object/);
    assert.throws(() => priceTableFrom({ vcpuHour: 'x' }), /--vcpu-hour must be a number/);
  });
});
