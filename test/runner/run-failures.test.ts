/**
 * Failures: a target that cannot start is reported failed with its log tail and the run goes on;
 * a target killed mid-run is reported failed; SIGTERM to the runner stops everything it started
 * (no orphan pids) and still writes a report.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAlive, processTree } from '../../runner/resources/proc-tree.ts';
import type { RunReport } from '../../runner/results/report-schema.ts';
import type { TargetStatus } from '../../runner/results/run-store.ts';
import { runCli, startCli, tempResults } from './run-helpers.ts';

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;

/** Polls (no fixed sleep) until `ok()` or the deadline. */
async function until(what: string, ok: () => boolean, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The runner's live status line shows requests answered by `label` (the load is under way). */
const requestsFlowing = (stdout: string, label: string) => new RegExp(`${label} smoke \\S+ +[1-9]\\d* req`).test(stdout);

describe('servebench run failures', () => {
  it('marks a target that fails to start as failed, with its log tail, and goes on', async () => {
    const out = tempResults();
    const res = await runCli(['run', '--targets', 'fastify,null', '--profiles', 'smoke', '--duration', '1s', '--warmup', '0', '--model', '/nonexistent/cifar10', '--out', out, '--run-id', 'bad-start', '--start-deadline', '30s']);
    assert.equal(res.code, 1, res.stdout + res.stderr);
    const report = readReport(join(out, 'bad-start'));
    const fastify = report.results.find((r) => r.target === 'fastify');
    const nul = report.results.find((r) => r.target === 'null');
    assert.equal(fastify?.status, 'failed');
    assert.deepEqual(fastify?.validity, ['failed']);
    assert.match(fastify?.failure?.reason ?? '', /failed to start/);
    assert.ok((fastify?.failure?.logTail ?? '').length > 0, 'log tail');
    assert.equal(nul?.status, 'ok');
    assert.ok((nul?.windows[0]?.requests ?? 0) > 0);
    const md = readFileSync(join(out, 'bad-start', 'report.md'), 'utf8');
    assert.match(md, /## Failed targets[\s\S]*### fastify \(smoke\)/);
  });

  it('marks a target that dies mid-run as failed', async () => {
    const out = tempResults();
    const runDir = join(out, 'dies');
    const { child, done, stdout } = startCli(['run', '--targets', 'null', '--profiles', 'smoke', '--duration', '60s', '--warmup', '0', '--out', out, '--run-id', 'dies']);
    await until('requests flowing to null', () => requestsFlowing(stdout(), 'null'));
    const tree = processTree(child.pid as number);
    // The target is the `serve null` process among the runner's children.
    const target = tree.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('\0serve\0null'));
    assert.ok(target, 'target process found');
    process.kill(target, 'SIGKILL');
    const res = await done;
    assert.equal(res.code, 1, res.stdout + res.stderr);
    const status = JSON.parse(readFileSync(join(runDir, 'targets', 'null', 'status.json'), 'utf8')) as TargetStatus;
    assert.equal(status.status, 'failed');
    assert.match(status.failure?.reason ?? '', /exited mid-run/);
    assert.equal(readReport(runDir).results[0].status, 'failed');
  });

  it('SIGTERM stops everything it started and still writes a report', async () => {
    const out = tempResults();
    const runDir = join(out, 'term');
    const { child, done, stdout } = startCli(['run', '--targets', 'gateway:null,null', '--profiles', 'smoke', '--duration', '60s', '--warmup', '0', '--out', out, '--run-id', 'term']);
    await until('requests flowing to gateway:null', () => requestsFlowing(stdout(), 'gateway:null'));
    await until('target and k6 processes', () => processTree(child.pid as number).length >= 4);
    const descendants = processTree(child.pid as number).filter((p) => p !== child.pid);
    child.kill('SIGTERM');
    const res = await done;
    assert.notEqual(res.code, 0);
    const alive = descendants.filter(isAlive);
    assert.deepEqual(alive, [], `orphans: ${alive.join(', ')}`);
    assert.ok(existsSync(join(runDir, 'report.json')), 'report.json');
    assert.ok(existsSync(join(runDir, 'report.html')), 'report.html');
    const report = readReport(runDir);
    assert.equal(report.results.length, 1, 'only the interrupted target, not the one never started');
    assert.ok(report.results[0].validity.includes('interrupted'));
  });
});
