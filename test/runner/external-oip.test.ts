/**
 * External targets speaking the Open Inference Protocol: `name=oip+http://...` and
 * `name=oip+grpc://...` are probed on the protocol's readiness (REST /v2/models/<m>/ready, gRPC
 * ModelReady), driven by scenarios/oip-rest.ts and oip-grpc.ts, and reported like any target. Two
 * of our own targets stand in for an outside OIP server (started as processes, on loopback).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { parseTargetSpec } from '../../runner/run/target-specs.ts';
import { outsideRestAndGrpc } from '../helpers/serve-process.ts';
import { runCli, tempResults } from './run-helpers.ts';

const outside = outsideRestAndGrpc();

test('oip+ in a target URL picks the OIP scenario; without it TF Serving\'s', () => {
  assert.deepEqual(
    [parseTargetSpec('t=oip+http://127.0.0.1:8000'), parseTargetSpec('g=oip+grpc://127.0.0.1:8001'), parseTargetSpec('f=http://127.0.0.1:8501')].map((s) => [s.scenario, s.api, s.externalUrl]),
    [
      ['oip-rest', 'oip', 'http://127.0.0.1:8000'],
      ['oip-grpc', 'oip', 'grpc://127.0.0.1:8001'],
      ['tfserving-rest', 'tfserving', 'http://127.0.0.1:8501'],
    ],
  );
  assert.throws(() => parseTargetSpec('x=oip+ftp://127.0.0.1:1'), /oip\+ before it/);
});

test('oip+ external targets are probed, driven over the OIP and reported valid', { timeout: 90_000 }, async () => {
  const out = tempResults();
  const targets = `oip=oip+${outside.rest.url},oip-grpc=oip+${outside.grpc.url}`;
  const args = ['run', '--targets', targets, '--profiles', 'paper', '--paper-n', '1,5', '--repetitions', '1', '--warmup', '1s', '--start-deadline', '5s', '--out', out, '--run-id', 'oip'];
  const cli = await runCli(args);
  assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
  const report = JSON.parse(readFileSync(join(out, 'oip', 'report.json'), 'utf8')) as RunReport;
  for (const [label, url, protocol] of [['oip', outside.rest.url, 'rest'], ['oip-grpc', outside.grpc.url, 'grpc']] as const) {
    const r = report.results.find((x) => x.target === label && x.profile === 'paper');
    assert.ok(r, `${label} missing\n${cli.stdout}`);
    assert.equal(r.status, 'ok', JSON.stringify(r.failure));
    assert.deepEqual(r.validity, ['valid']);
    assert.equal(r.protocol, protocol);
    assert.equal(r.externalUrl, url);
    assert.ok(r.windows.length > 0 && r.windows.every((w) => w.requests > 0 && w.checkRate === 1), JSON.stringify(r.windows));
  }
  // The engine's summaries say which API drove each target.
  const summaries = readdirSync(join(out, 'oip'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && /summary/.test(f));
  const apis = summaries.map((f) => (JSON.parse(readFileSync(join(out, 'oip', f), 'utf8')) as { servebench?: { config?: { api?: string } } }).servebench?.config?.api).filter(Boolean);
  assert.ok(apis.length >= 2 && apis.every((a) => a === 'oip'), `summaries ${JSON.stringify(summaries)} apis ${JSON.stringify(apis)}`);
});
