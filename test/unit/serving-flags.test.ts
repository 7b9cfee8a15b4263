/** The shared serving flags: absent unless given, durations with units, checked, and passed on as `serve` flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServeArgs } from '../../runner/serve-command.ts';
import { parseServingFlags, servingArgs } from '../../runner/serving-flags.ts';
import { DEFAULT_LIMITS, defaultMaxQueue, resolveLimits } from '../../servers/core/serving-limits.ts';

test('no flags: no limits given, and the targets resolve the documented defaults', () => {
  assert.deepEqual(parseServeArgs(['fastify']).options.limits, {});
  assert.deepEqual(resolveLimits({ workers: 2 }), { ...DEFAULT_LIMITS, maxQueue: 64 });
  assert.equal(defaultMaxQueue(1), 32);
  assert.equal(defaultMaxQueue(2, { maxBatchSize: 8, timeoutMicros: 0 }), 512);
  assert.deepEqual(DEFAULT_LIMITS, { headerTimeoutMs: 10_000, bodyTimeoutMs: 30_000, idleTimeoutMs: 65_000, upstreamTimeoutMs: 10_000, grpcMaxStreams: 128, shutdownTimeoutMs: 5_000 });
});

test('every flag parses, and servingArgs gives flags that parse back to the same limits', () => {
  const argv = ['--max-queue', '16', '--header-timeout', '2s', '--body-timeout', '1m', '--idle-timeout', '500ms', '--upstream-timeout', '3s', '--grpc-max-streams', '10', '--shutdown-timeout', '0ms'];
  const { options } = parseServeArgs(['gateway', ...argv]);
  const expected = { maxQueue: 16, headerTimeoutMs: 2000, bodyTimeoutMs: 60_000, idleTimeoutMs: 500, upstreamTimeoutMs: 3000, grpcMaxStreams: 10, shutdownTimeoutMs: 0 };
  assert.deepEqual(options.limits, expected);
  assert.deepEqual(parseServingFlags(Object.fromEntries(pairs(servingArgs(expected)))), expected);
  assert.deepEqual(servingArgs(undefined), []);
});

test('bad values stop with a message naming the flag', () => {
  assert.throws(() => parseServeArgs(['fastify', '--max-queue', '1.5']), /--max-queue must be a whole number/);
  assert.throws(() => parseServeArgs(['fastify', '--header-timeout', '10']), /--header-timeout must be a duration like 500ms, 10s or 1m/);
  assert.throws(() => parseServeArgs(['fastify', '--body-timeout', '5ms']), /--body-timeout must be a duration .* from 100 ms/);
  assert.throws(() => parseServeArgs(['fastify', '--header-timeout', '40s']), /header timeout \(40000 ms\) cannot exceed the body timeout \(30000 ms\)/);
  assert.throws(() => parseServeArgs(['grpc', '--grpc-max-streams', '0']), /--grpc-max-streams must be a whole number from 1/);
});

function pairs(args: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < args.length; i += 2) out.push([args[i].slice(2), args[i + 1]]);
  return out;
}
