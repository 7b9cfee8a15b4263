/** `servebench serve` flags: defaults from the one port table (the one the scenarios aim at), clear errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServeArgs } from '../../runner/serve-command.ts';
import { defaultAddress } from '../../scenarios/lib/defaults.ts';
import { TARGETS } from '../../servers/registry.ts';

test('each target listens by default where its k6 scenario aims', () => {
  const scenarioKey = { embedded: 'embedded', express: 'express', fastify: 'fastify', gateway: 'gateway', null: 'null', grpc: 'grpc' } as const;
  for (const target of TARGETS) {
    const { options } = parseServeArgs([target.id]);
    const key = scenarioKey[target.id as keyof typeof scenarioKey];
    assert.ok(key, `no scenario default for target ${target.id}`);
    assert.ok(defaultAddress(key).endsWith(`:${options.port}`), `${target.id}: serve port ${options.port}, scenario ${defaultAddress(key)}`);
    assert.equal(options.host, '127.0.0.1');
  }
});

test('bad values stop with a message naming the flag', () => {
  assert.throws(() => parseServeArgs(['fastify', '--port', 'http']), /--port must be a whole number/);
  assert.throws(() => parseServeArgs(['fastify', '--engine', 'torch']), /--engine must be one of onnxruntime, tfjs-wasm, tfjs-node/);
  assert.throws(() => parseServeArgs(['tensorflow']), /unknown target "tensorflow"; known targets: embedded/);
  assert.throws(() => parseServeArgs([]), /expected one target/);
  assert.equal(parseServeArgs(['fastify', '--port', '0', '--threads', '2']).options.threads, 2);
});

test('server-side batching is off unless asked, and its flags are checked', () => {
  assert.equal(parseServeArgs(['fastify']).options.batching, undefined);
  assert.deepEqual(parseServeArgs(['fastify', '--batching']).options.batching, { maxBatchSize: 32, timeoutMicros: 0 });
  assert.deepEqual(parseServeArgs(['grpc', '--batching', '--max-batch-size', '8', '--batch-timeout-us', '500']).options.batching, { maxBatchSize: 8, timeoutMicros: 500 });
  assert.throws(() => parseServeArgs(['fastify', '--batching', '--max-batch-size', '0']), /--max-batch-size must be a whole number from 1/);
  assert.throws(() => parseServeArgs(['fastify', '--batch-timeout-us', '1.5']), /--batch-timeout-us must be a whole number/);
});
