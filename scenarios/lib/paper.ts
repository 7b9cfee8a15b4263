/**
 * The study's protocol in one VU: for each sequential step of the plan (one per N), R times,
 * send N requests one after another and record the wall time of the N (Trend
 * `paper_batch_seconds`, tagged with the step's tags and `rep`). Requests carry the same tags;
 * the plan's warm-up requests go first, tagged phase:warmup.
 */
import exec from 'k6/execution';
import { Trend } from 'k6/metrics';
import { PAPER_BATCH_METRIC, REPETITION_TAG, type ProfilePlan } from './profiles/profile.ts';

const batchSeconds = new Trend(PAPER_BATCH_METRIC);

/** k6 has no performance.now(); the test-run clock has sub-millisecond resolution. */
const nowMs = (): number => exec.instance.currentTestRunDuration;

export function runPaper(plan: ProfilePlan, sendOne: () => void): void {
  const tags = exec.vu.metrics.tags;
  tags.phase = 'warmup';
  for (let i = 0; i < plan.warmupRequests; i++) sendOne();
  tags.phase = 'measure';
  for (const step of plan.steps) {
    if (step.schedule.kind !== 'sequential') continue;
    for (let rep = 1; rep <= step.schedule.repetitions; rep++) {
      const repTags = { ...step.tags, [REPETITION_TAG]: String(rep) };
      Object.assign(tags, repTags);
      const start = nowMs();
      for (let i = 0; i < step.schedule.requests; i++) sendOne();
      batchSeconds.add((nowMs() - start) / 1000, repTags);
    }
    for (const key of [...Object.keys(step.tags), REPETITION_TAG]) delete tags[key];
  }
}
