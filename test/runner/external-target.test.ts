/**
 * External targets: servers servebench does not start, given as name=URL. Two of our own targets
 * are started here as outside processes (REST and gRPC, loopback); `servebench run` probes them,
 * measures them like ours, reports them in every table, says their CPU and memory were not
 * measured (no container named), and leaves them running. A dead address fails only its target.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { freePort } from '../../runner/runtimes/free-port.ts';
import { outsideRestAndGrpc } from '../helpers/serve-process.ts';
import { runCli, tempResults } from './run-helpers.ts';

const outside = outsideRestAndGrpc();

test('name=URL targets are probed, measured and reported like ours; resources "not measured"; the servers keep running', { timeout: 90_000 }, async () => {
  const out = tempResults();
  const dead = `http://127.0.0.1:${await freePort()}`;
  const targets = `ext=${outside.rest.url},ext-grpc=${outside.grpc.url},gone=${dead}`;
  const args = ['run', '--targets', targets, '--profiles', 'paper,concurrency', '--paper-n', '1,5', '--repetitions', '1', '--levels', '1,2', '--step-duration', '2s', '--warmup', '1s', '--start-deadline', '2s', '--out', out, '--run-id', 'ext'];
  const cli = await runCli(args);
  const report = JSON.parse(readFileSync(join(out, 'ext', 'report.json'), 'utf8')) as RunReport;
  const by = (target: string, profile: string) => report.results.find((r) => r.target === target && r.profile === profile);

  for (const [label, url, protocol] of [['ext', outside.rest.url, 'rest'], ['ext-grpc', outside.grpc.url, 'grpc']] as const) {
    for (const profile of ['paper', 'concurrency']) {
      const r = by(label, profile);
      assert.ok(r, `${label}/${profile} missing from the report\n${cli.stdout}\n${cli.stderr}`);
      assert.equal(r.status, 'ok', `${label}/${profile}: ${JSON.stringify(r.failure)}\n${cli.stdout}`);
      assert.deepEqual(r.validity, ['valid'], `${label}/${profile}`);
      assert.equal(r.protocol, protocol);
      assert.equal(r.externalUrl, url);
      assert.ok(r.windows.length >= 2 && r.windows.every((w) => w.requests > 0 && w.checkRate === 1), `${label}/${profile} windows ${JSON.stringify(r.windows)}`);
      assert.equal(r.resources, undefined, 'an external target without a container has no resource figures');
      assert.equal(r.resourceSource, 'none');
      assert.match(r.resourcesNotMeasured ?? '', /no --stats-container/);
    }
    assert.ok(by(label, 'concurrency')!.windows.every((w) => w.throughputRps > 0));
  }
  const gone = report.results.filter((r) => r.target === 'gone');
  assert.ok(gone.length > 0 && gone.every((r) => r.status === 'failed'), JSON.stringify(gone));
  assert.match(gone[0].failure?.reason ?? '', /external target gone at .*not healthy within 2000 ms/);
  assert.equal(cli.code, 1, `one target failed: exit 1\n${cli.stdout}`);

  const md = readFileSync(join(out, 'ext', 'report.md'), 'utf8');
  const table4Start = md.indexOf('## Table 4');
  const table4 = md.slice(table4Start, md.indexOf('\n## ', table4Start + 1));
  assert.match(table4, /\| ext \| concurrency \| not measured: external target: no --stats-container named \| not measured/);
  const table3Start = md.indexOf('## Table 3');
  const table3 = md.slice(table3Start, md.indexOf('\n## ', table3Start + 1));
  assert.match(table3, /ext \(external\).*ext-grpc \(external\)/);

  // Not started, so not stopped: both still answer.
  assert.equal((await fetch(`${outside.rest.url}/v1/models/cifar10`)).status, 200);
  assert.equal(outside.grpc.child.exitCode, null);
});

test('--targets and --stats-container are checked before anything starts', async () => {
  const out = tempResults();
  const cases: [string[], RegExp][] = [
    [['--targets', 'x=ftp://127.0.0.1:1'], /use http:\/\/, https:\/\/ .* or grpc:\/\//],
    [['--targets', 'x=grpc://127.0.0.1'], /needs a port/],
    [['--targets', 'x=http://127.0.0.1:1,x=http://127.0.0.1:2'], /"x" is named twice/],
    [['--targets', 'fastify', '--stats-container', 'tfs'], /no external target/],
    [['--targets', 'a=http://127.0.0.1:1,b=grpc://127.0.0.1:2', '--stats-container', 'tfs'], /several external targets/],
    [['--targets', 'a=http://127.0.0.1:1', '--stats-container', 'b=tfs'], /"b" is not an external target/],
  ];
  for (const [args, message] of cases) {
    const cli = await runCli(['run', ...args, '--out', out]);
    assert.equal(cli.code, 1, `${args.join(' ')}: ${cli.stderr}`);
    assert.match(cli.stderr, message);
  }
  assert.deepEqual(readdirSync(out), [], 'no run directory is made for a bad command line');
});
