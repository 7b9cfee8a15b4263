/**
 * Everything an entry file exports, built from its defaults and `__ENV`: options (profile
 * scenarios, thresholds, tags), setup (readiness probe; aborts with a clear message), the
 * per-request function, the paper loop and handleSummary.
 */
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { judge } from './checks.ts';
import { parseConfig, type EntryDefaults } from './config.ts';
import { createClient } from './clients.ts';
import { preparedRequests } from './payload.ts';
import { runPaper } from './paper.ts';
import { stepTagAt } from './profiles/profile.ts';
import { PROFILES } from './profiles/registry.ts';
import { recordServerTiming } from './server-timing.ts';
import { createSummaryHandler } from './summary.ts';
import { buildThresholds, CLIENT_CALL_METRIC, REQUEST_FAILED_METRIC } from './thresholds.ts';
import { Rate, Trend } from 'k6/metrics';

export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** `root` is the repo root URL: the entry passes `import.meta.resolve('../')` (same depth in scenarios/ and dist/). */
export function defineScenario(entry: EntryDefaults, root: string) {
  const config = parseConfig(__ENV, entry, __ENV.SERVEBENCH_ROOT ? `${__ENV.SERVEBENCH_ROOT.replace(/\/+$/, '')}/` : root);
  const profile = PROFILES[config.profile];
  const plan = profile.plan(config.load);
  const requests = preparedRequests(config);
  const client = createClient(config);

  const options: Options = {
    scenarios: plan.scenarios,
    thresholds: buildThresholds(config, plan),
    tags: { target: config.target, profile: config.profile, run_id: config.runId },
    summaryTrendStats: TREND_STATS,
    setupTimeout: `${Math.ceil(config.readyTimeoutMs / 1000) + 60}s`,
  };

  const requestFailed = new Rate(REQUEST_FAILED_METRIC);
  const clientCall = new Trend(CLIENT_CALL_METRIC, true);
  let counter = 0;
  function sendOne(): void {
    const req = requests[(exec.vu.idInTest * 7919 + counter++) % requests.length];
    const started = Date.now();
    const outcome = client.predict(req.body);
    clientCall.add(Date.now() - started);
    recordServerTiming(outcome.timing);
    requestFailed.add(!outcome.ok);
    judge(outcome, req.expected, config.expect, config.batch);
  }

  function request(): void {
    const by = plan.tagByTime;
    if (by && exec.scenario.name === by.scenario) exec.vu.metrics.tags[by.tag] = stepTagAt(plan, Date.now() - exec.scenario.startTime);
    sendOne();
  }

  function setup(): void {
    const problem = client.probe();
    if (problem) exec.test.abort(problem);
  }

  return {
    config,
    options,
    setup,
    request,
    paper: () => runPaper(plan, sendOne),
    handleSummary: createSummaryHandler(config, profile, plan),
  };
}
