/**
 * client.connect() in an async script, whose VUs share a thread: it dials without blocking the
 * thread, calls then run on that connection, and a failed dial surfaces as the first call's
 * error with connect's message. Real grpc target on loopback, the built-in engine.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { freePort as closedPort } from '../../runner/runtimes/free-port.ts';
import { PROTO_DIR } from '../../servers/grpc/serving-protos.ts';
import { startTarget } from '../helpers/targets.ts';
import { describe as describeRun, EXIT, fixture, runEngine, sumOf } from './helpers/run-engine.ts';

const target = await startTarget('grpc');
after(() => target.close());

const checksOf = (files: Record<string, string>) => JSON.parse(files['summary.json']).root_group.checks as { name: string; passes: number; fails: number }[];

test('async script: connect() in the iteration, then asyncInvoke on that connection, in shared VU threads', async () => {
  const r = await runEngine(fixture('grpc-async-connect'), { args: ['--vu-mode', 'shared'], vars: { GRPC_ADDR: target.url.replace('grpc://', ''), PROTO_DIR } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  assert.deepEqual(checksOf(r.files).map((c) => [c.name, c.passes, c.fails]), [['status OK', 6, 0]]);
});

test('async script: a dial that fails is thrown by the first asyncInvoke, with the dial error in k6 words', async () => {
  const port = await closedPort();
  const r = await runEngine(fixture('grpc-async-connect'), { args: ['--vu-mode', 'shared'], vars: { GRPC_ADDR: `127.0.0.1:${port}`, PROTO_DIR } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  assert.match(r.stderr, new RegExp(`context deadline exceeded: connection error: desc = .*dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
  assert.equal(checksOf(r.files).length, 0, 'no call got an answer');
});

test('a dial that hangs for its whole timeout does not hold the other VUs of its thread', async () => {
  const dead = `127.0.0.1:${await closedPort()}`;
  const r = await runEngine(fixture('grpc-dial-alongside'), {
    json: true,
    args: ['--vu-mode', 'shared', '--vu-threads', '1'],
    vars: { GRPC_ADDR: target.url.replace('grpc://', ''), DEAD_ADDR: dead, PROTO_DIR },
  });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  assert.match(r.stderr, /connect: connection refused/, 'the dial failed as it should');
  // 1.5 s of calls beside a 1.5 s dial: a blocking connect would leave a handful at most.
  const answered = sumOf(r, 'answered');
  assert.ok(answered >= 20, `calls answered while the other VU was dialling: ${answered}`);
});
