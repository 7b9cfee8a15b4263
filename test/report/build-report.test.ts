/**
 * build-report on run directories written here in the shape a run leaves them (settings.json,
 * plan.json, status, meta, summary, resources): windows from the recorded steps, order, failures,
 * interrupted runs, and a directory without plan.json refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildReport } from '../../runner/report/build-report.ts';
import { runStore, writeJson, type ProfileMeta, type TargetStatus } from '../../runner/results/run-store.ts';
import { planRun } from '../../runner/run/run-settings.ts';
import { fakeSummary } from './fixtures/k6-summary.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const LOAD = { levels: [1, 2], stepMs: 2000 };
const plan = planRun({ profiles: ['concurrency'], full: false, load: LOAD });
const steps = plan.profiles.concurrency!.plan.steps;

function runDir(statuses: TargetStatus[], opts: { plan?: boolean; interrupted?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'servebench-build-report-'));
  dirs.push(dir);
  const store = runStore(dir);
  store.ensure(dir);
  writeJson(store.settings, { runId: 'b', targets: ['grpc', 'fastify', 'null'], profiles: ['concurrency'], full: false, load: LOAD });
  if (opts.plan !== false) writeJson(store.plan, plan);
  for (const status of statuses) {
    store.ensure(store.targetDir(status.label));
    writeJson(store.status(status.label), status);
    if (!status.profiles.length) continue;
    store.ensure(store.profileDir(status.label, 'concurrency'));
    const meta: ProfileMeta = { startedAt: '2026-12-02T00:00:00.000Z', endedAt: '2026-12-02T00:00:08.000Z', loadExit: 0, loadSignal: null, interrupted: Boolean(opts.interrupted), env: {} };
    writeJson(store.meta(status.label, 'concurrency'), meta);
    if (status.status !== 'failed') writeJson(store.summary(status.label, 'concurrency'), fakeSummary(steps, [{ requests: 40, avgMs: 2 }, { requests: 60, avgMs: 3 }], status.protocol === 'grpc' ? 'grpc_req_duration' : 'http_req_duration'));
    writeJson(store.resources(status.label, 'concurrency'), { target: [{ t: 0, cpuPercent: 50, rssBytes: 2 ** 27 }, { t: 250, cpuPercent: 150, rssBytes: 2 ** 28 }], generator: [], generatorCores: 1 });
  }
  return dir;
}

const status = (label: string, s: Partial<TargetStatus> = {}): TargetStatus => ({ label, targetId: label, protocol: label === 'grpc' ? 'grpc' : 'rest', paperRole: 'c', status: 'ok', profiles: ['concurrency'], ...s });

describe('build-report', () => {
  it('windows come from the recorded steps; targets in the order the run named them; resources summarised', () => {
    const report = buildReport(runDir([status('fastify'), status('grpc')]));
    assert.deepEqual(report.results.map((r) => r.target), ['grpc', 'fastify']);
    const [grpc] = report.results;
    assert.deepEqual(grpc.windows.map((w) => [w.window, w.requests, w.throughputRps]), [['vus=1', 40, 20], ['vus=2', 60, 30]]);
    assert.deepEqual(grpc.validity, ['valid']);
    assert.deepEqual(grpc.resources, { cpuPercentMean: 100, cpuPercentMax: 150, rssMbMean: 192, rssMbMax: 256, samples: 2 });
    assert.equal(grpc.thresholdsOk, true);
    assert.equal(report.createdAt, '2026-12-02T00:00:00.000Z');
  });

  it('a target that failed keeps its reason; one whose engine wrote no summary is failed too', () => {
    const report = buildReport(runDir([status('fastify', { status: 'failed', failure: { reason: 'exited mid-run', logTail: 'boom' } }), status('null', { profiles: [] })]));
    const [fastify, nul] = report.results;
    assert.equal(fastify.status, 'failed');
    assert.deepEqual(fastify.validity, ['failed']);
    assert.equal(fastify.failure?.reason, 'exited mid-run');
    assert.equal(nul.status, 'failed');
    assert.match(nul.failure?.reason ?? '', /wrote no summary/);
  });

  it('an interrupted profile is marked so', () => {
    const [r] = buildReport(runDir([status('fastify')], { interrupted: true })).results;
    assert.ok(r.validity.includes('interrupted'), r.validity.join(','));
    assert.equal(r.thresholdsOk, undefined);
  });

  it('a run directory without plan.json is refused, not reported from today’s defaults', () => {
    assert.throws(() => buildReport(runDir([status('fastify')], { plan: false })), /no plan\.json/);
  });
});
