/**
 * handleSummary: k6's JSON summary plus a `servebench` section (settings, the plan, per-step rows, the
 * paper table, peak's sustained rate) to SUMMARY_PATH for the runner, and a text summary on stdout.
 */
import type { Config } from './config.ts';
import type { LoadProfile, ProfilePlan } from './profiles/profile.ts';
import { computeExtras, type SummaryData } from './step-report.ts';
import { textSummary } from './text-summary.ts';

export const SUMMARY_SCHEMA = 1;

export function createSummaryHandler(config: Config, profile: LoadProfile, plan: ProfilePlan) {
  return function handleSummary(data: SummaryData): Record<string, string> {
    const extras = computeExtras(data, config, profile, plan);
    // clock: when this ran; minus state.testRunDurationMs, when the test started (the report's cost windows).
    const full = { ...data, servebench: { schema: SUMMARY_SCHEMA, config, plan, clock: { summaryAtMs: Date.now() }, ...extras } };
    const out: Record<string, string> = { stdout: textSummary(data, config, extras) };
    if (config.summaryPath) out[config.summaryPath] = JSON.stringify(full, null, 2);
    return out;
  };
}
