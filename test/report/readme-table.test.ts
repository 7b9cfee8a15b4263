/** The README's results table comes from a run's report.json, between markers, never typed by hand. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BEGIN_MARKER, END_MARKER, readmeTable, replaceTable } from '../../runner/report/readme-table.ts';
import type { RunReport, WindowResult } from '../../runner/results/report-schema.ts';
import { runCli } from '../runner/run-helpers.ts';
import { reportOf, targetOf, windowOf } from '../gate/report-fixture.ts';

function fixture(): RunReport {
  const paperWindow = (n: number, seconds: number[]): WindowResult => ({ ...windowOf(`n=${n}`, { p50: [1] }), label: { name: 'n', value: n }, paperSeconds: seconds });
  const level = (vus: number, p50: number, rps: number): WindowResult => ({ ...windowOf(`vus=${vus}`, { p50: [p50], throughputRps: [rps] }), label: { name: 'vus', value: vus } });
  const report = reportOf('readme-fixture', [
    targetOf('fastify', [paperWindow(1, [0.004]), paperWindow(100, [0.3, 0.34])], { profile: 'paper' }),
    targetOf('fastify', [level(1, 2.5, 400), level(16, 20, 600)], { profile: 'concurrency' }),
    targetOf('gateway:grpc', [paperWindow(100, [0.5])], { profile: 'paper', paperRole: 'web tier -> d' }),
    targetOf('gateway:grpc', [], { profile: 'concurrency', paperRole: 'web tier -> d', status: 'failed', validity: ['invalid'] }),
  ]);
  return { ...report, environment: { cores: 2, cpuModel: 'AMD EPYC', memoryMb: 8192, node: 'v20.0.0', loadEngine: { name: 'builtin', version: '1.0' }, gitCommit: 'abcdef1234567890' }, settings: { commandLine: ['bin/servebench.js', 'run'] } };
}

test('one row per target from the paper and concurrency results, under the run, machine and command', () => {
  const table = readmeTable(fixture());
  assert.match(table, /^Run `readme-fixture` \(2025-01-01\) on 2 × AMD EPYC, 8 GiB,\nNode v20\.0\.0, load engine builtin 1\.0, commit abcdef123456; command: `bin\/servebench\.js run`\./);
  assert.match(table, /lowest and req\/s at the highest concurrency level \(1 and 16 VUs\)/);
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).slice(1);
  // paper: mean of 0.30 and 0.34 s over 100 requests = 3.20 ms; p50 at 1 VU; req/s at 16 VUs; fixture resources 150 % / 200 MB.
  assert.deepEqual(rows, ['| fastify (c) | 3.20 | 2.50 | 600 | 150 | 200 | valid |', '| gateway:grpc (web tier -> d) | 5.00 | – | – | – | – | valid, invalid |']);
});

test('the table goes between the markers, replacing what was there, and nothing else changes', () => {
  const readme = `# x\n\nbefore\n${BEGIN_MARKER}\nold table\n${END_MARKER}\nafter\n`;
  const once = replaceTable(readme, 'NEW\n');
  assert.equal(once, `# x\n\nbefore\n${BEGIN_MARKER}\nNEW\n${END_MARKER}\nafter\n`);
  assert.equal(replaceTable(once, 'NEW\n'), once, 'regenerating gives the same file');
  assert.throws(() => replaceTable('# no markers\n', 'NEW\n'), /no results-table markers/);
});

test('servebench readme-table writes the README from a run directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'servebench-readme-'));
  mkdirSync(join(dir, 'run'));
  writeFileSync(join(dir, 'run', 'report.json'), JSON.stringify(fixture()));
  const readme = join(dir, 'README.md');
  writeFileSync(readme, `# t\n${BEGIN_MARKER}\nhand-typed\n${END_MARKER}\n`);
  const r = await runCli(['readme-table', join(dir, 'run'), '--readme', readme]);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(readme, 'utf8');
  assert.ok(!text.includes('hand-typed'));
  assert.ok(text.includes(readmeTable(fixture())));
  const printed = await runCli(['readme-table', join(dir, 'run'), '--print']);
  assert.equal(printed.stdout, readmeTable(fixture()));
});
