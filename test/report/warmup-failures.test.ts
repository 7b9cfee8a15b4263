/**
 * Validity judges the measured window only: a predict that failed during warm-up is reported in
 * its own column and leaves the window valid; one that failed while measuring makes it "errors".
 * (Summaries written here in the shape the scenarios' handleSummary writes them.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildReport } from '../../runner/report/build-report.ts';
import { runStore, writeJson, type ProfileMeta, type TargetStatus } from '../../runner/results/run-store.ts';
import { planRun } from '../../runner/run/run-settings.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const rate = (fails: number, passes: number) => ({ type: 'rate', values: { rate: passes / (passes + fails), passes, fails } });
const trend = (count: number) => ({ type: 'trend', values: { avg: 2, min: 1, med: 2, max: 5, 'p(90)': 3, 'p(95)': 4, 'p(99)': 5, count } });

function runWith(measureFailed: number, warmupFailed: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'servebench-warmup-'));
  dirs.push(dir);
  const store = runStore(dir);
  const label = 'grpc';
  store.ensure(store.runDir, store.profileDir(label, 'smoke'));
  writeJson(store.settings, { runId: 'w', targets: [label], profiles: ['smoke'] });
  writeJson(store.plan, planRun({ profiles: ['smoke'], full: false, load: { durationMs: 5000 } }));
  const status: TargetStatus = { label, targetId: 'grpc', protocol: 'grpc', paperRole: 'd', status: 'ok', profiles: ['smoke'] };
  writeJson(store.status(label), status);
  const meta: ProfileMeta = { startedAt: '2026-12-01T00:00:00Z', endedAt: '2026-12-01T00:00:05Z', loadExit: 0, loadSignal: null, interrupted: false, env: { PROFILE: 'smoke', DURATION: '5s' } };
  writeJson(store.meta(label, 'smoke'), meta);
  writeJson(store.summary(label, 'smoke'), {
    metrics: {
      'grpc_req_duration{phase:measure}': trend(100),
      'checks{phase:measure}': rate(0, 400),
      'request_failed{phase:measure}': rate(100 - measureFailed, measureFailed),
      'request_failed{phase:warmup}': rate(20 - warmupFailed, warmupFailed),
    },
    root_group: { checks: [{ name: 'status ok', passes: 119, fails: 1 }] },
  });
  return dir;
}

describe('validity and warm-up failures', () => {
  it('a failure during warm-up only is counted apart; the window stays valid', () => {
    const [r] = buildReport(runWith(0, 1)).results;
    assert.deepEqual(r.validity, ['valid']);
    assert.equal(r.warmupFailures, 1);
    assert.equal(r.windows[0].errorRate, 0);
  });

  it('a failure in the measured window makes it "errors"', () => {
    const [r] = buildReport(runWith(2, 0)).results;
    assert.ok(r.validity.includes('errors'), r.validity.join(','));
    assert.equal(r.windows[0].errorRate, 0.02);
    assert.equal(r.warmupFailures, undefined);
  });
});
