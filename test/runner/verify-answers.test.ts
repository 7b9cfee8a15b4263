/**
 * The correctness pass before measuring: real targets (REST and gRPC) pass it; the FAKE
 * wrong-answer server (test/scenarios/helpers/wrong-answer-fake.ts) fails it in each of its four
 * ways, each caught by the same rule the scenarios' checks use.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyAnswers } from '../../runner/run/verify-answers.ts';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';
import { startWrongAnswerFake, WRONG_ANSWERS, type WrongAnswer } from '../scenarios/helpers/wrong-answer-fake.ts';

const CAUGHT_BY: Record<WrongAnswer, RegExp> = {
  'http-500': /failed: status ok.*HTTP 500/,
  'extra-class': /failed: shape \[batch,10\]/,
  doubled: /failed: probabilities sum to 1;/,
  rotated: /failed: argmax = expected class;/,
};

let fastify: TargetUnderTest;
let grpc: TargetUnderTest;
let nul: TargetUnderTest;

before(async () => {
  [fastify, grpc, nul] = await Promise.all([startUnderTest('fastify'), startUnderTest('grpc'), startUnderTest('null')]);
});

after(async () => {
  await Promise.all([fastify?.close(), grpc?.close(), nul?.close()]);
});

test('real targets answer right over REST and gRPC', async () => {
  assert.deepEqual(await verifyAnswers({ url: fastify.url, protocol: 'rest', modelName: 'cifar10', expect: 'class' }), { valid: true, requests: 5 });
  assert.deepEqual(await verifyAnswers({ url: grpc.url, protocol: 'grpc', modelName: 'cifar10', expect: 'class' }), { valid: true, requests: 5 });
});

test('each way of answering wrongly is caught, naming the rule it broke', async () => {
  for (const wrong of WRONG_ANSWERS) {
    const fake = await startWrongAnswerFake(fastify.url, wrong);
    try {
      const verdict = await verifyAnswers({ url: fake.url, protocol: 'rest', modelName: 'cifar10', expect: 'class' });
      assert.equal(verdict.valid, false, wrong);
      assert.match(verdict.valid ? '' : verdict.reason, CAUGHT_BY[wrong], wrong);
      assert.match(verdict.valid ? '' : verdict.reason, /^answer 1 of 5 is wrong/, 'the first wrong answer stops the pass');
    } finally {
      await fake.close();
    }
  }
});

test('the canned-answer baseline is judged by shape only; by class it would be wrong', async () => {
  assert.equal((await verifyAnswers({ url: nul.url, protocol: 'rest', modelName: 'cifar10', expect: 'shape' })).valid, true);
  const byClass = await verifyAnswers({ url: nul.url, protocol: 'rest', modelName: 'cifar10', expect: 'class' });
  assert.equal(byClass.valid, false);
});

test('a wrong model name or a dead gRPC address is invalid too, with the server\'s reason', async () => {
  const rest = await verifyAnswers({ url: fastify.url, protocol: 'rest', modelName: 'nope', expect: 'class' });
  assert.match(rest.valid ? '' : rest.reason, /HTTP 404/);
  const rpc = await verifyAnswers({ url: grpc.url, protocol: 'grpc', modelName: 'nope', expect: 'class', timeoutMs: 2000 });
  assert.match(rpc.valid ? '' : rpc.reason, /gRPC status 5/);
});
