/**
 * The study's protocol in one VU: for each N, R times, send N requests one after another and
 * record the wall time of the N (Trend `paper_batch_seconds`, tagged n and rep). Requests are
 * tagged n / rep too; a few warm-up requests go first, tagged phase:warmup.
 */
import exec from 'k6/execution';
import { Trend } from 'k6/metrics';
import type { LoadSettings } from './load-settings.ts';
import { PAPER_BATCH_METRIC } from './thresholds.ts';

const batchSeconds = new Trend(PAPER_BATCH_METRIC);

/** k6 has no performance.now(); the test-run clock has sub-millisecond resolution. */
const nowMs = (): number => exec.instance.currentTestRunDuration;

export function runPaper(settings: LoadSettings, sendOne: () => void): void {
  const tags = exec.vu.metrics.tags;
  tags.phase = 'warmup';
  for (let i = 0; i < settings.warmupRequests; i++) sendOne();
  tags.phase = 'measure';
  for (const n of settings.paperN) {
    for (let rep = 1; rep <= settings.paperRepeats; rep++) {
      tags.n = String(n);
      tags.rep = String(rep);
      const start = nowMs();
      for (let i = 0; i < n; i++) sendOne();
      batchSeconds.add((nowMs() - start) / 1000, { n: String(n), rep: String(rep) });
    }
  }
  delete tags.n;
  delete tags.rep;
}
