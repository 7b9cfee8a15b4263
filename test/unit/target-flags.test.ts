/** The flags `serve` and `run` share: declared once, parsed alike, and passed on as `serve` flags that parse back the same. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { parseServeArgs } from '../../runner/serve-command.ts';
import { parseRunArgs } from '../../runner/run/run-options.ts';
import { serveArgs } from '../../runner/runtimes/process-runtime.ts';
import { TARGET_FLAGS, parseTargetFlags, targetFlagArgs } from '../../runner/target-flags.ts';
import { MODEL_NAME } from '../../servers/model/architecture.ts';

const SHARED = ['--model', '/x/my-model', '--engine', 'tfjs-wasm', '--threads', '3', '--workers', '4', '--delay-ms', '7', '--batching', '--max-batch-size', '8', '--max-queue', '5', '--idle-timeout', '2s'];

test('serve and run read the shared flags into the same options, model name included', () => {
  const served = parseServeArgs(['fastify', ...SHARED]).options;
  const run = parseRunArgs(['--targets', 'fastify', ...SHARED]);
  for (const key of ['modelDir', 'modelName', 'engine', 'threads', 'workers', 'delayMs', 'batching', 'limits'] as const) {
    assert.deepEqual(run[key], served[key], key);
  }
  assert.equal(served.modelName, 'my-model', '--model /x/my-model is served as my-model, by serve and by run');
  assert.deepEqual(served.batching, { maxBatchSize: 8, timeoutMicros: 0 });
  assert.deepEqual(served.limits, { maxQueue: 5, idleTimeoutMs: 2000 });
});

test('the default model is served under the study model name; --model-name wins over the dir', () => {
  assert.equal(parseTargetFlags({}).modelName, MODEL_NAME);
  assert.equal(parseRunArgs([]).modelName, MODEL_NAME);
  assert.equal(parseRunArgs(['--model', '/m/resnet/3']).modelName, 'resnet', 'a version dir is named by its base dir');
  assert.equal(parseServeArgs(['grpc', '--model', '/x/my-model', '--model-name', 'other']).options.modelName, 'other');
});

test('the options a runtime starts a target with, as serve flags, parse back to the same options', () => {
  const options = parseServeArgs(['gateway', '--port', '0', '--upstream', 'grpc://127.0.0.1:9', ...SHARED]).options;
  const argv = serveArgs({ targetId: 'gateway', label: 'gateway:grpc', options });
  assert.deepEqual(argv.slice(0, 2), ['serve', 'gateway']);
  assert.deepEqual(parseServeArgs(argv.slice(1)).options, options);
  const defaults = parseTargetFlags({});
  assert.deepEqual(parseTargetFlags(parseArgs({ args: targetFlagArgs(defaults), options: TARGET_FLAGS }).values), defaults);
});

test('bad shared values stop with a message naming the flag, in both commands', () => {
  for (const parse of [(a: string[]) => parseServeArgs(['fastify', ...a]), (a: string[]) => parseRunArgs(a)]) {
    assert.throws(() => parse(['--engine', 'torch']), /--engine must be one of onnxruntime, tfjs-wasm, tfjs-node \(got "torch"\)/);
    assert.throws(() => parse(['--workers', '0']), /--workers must be a whole number from 1/);
    assert.throws(() => parse(['--delay-ms', '1.5']), /--delay-ms must be a whole number/);
  }
});
