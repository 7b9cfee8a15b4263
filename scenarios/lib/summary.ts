/**
 * handleSummary: k6's JSON summary plus a `servebench` section (settings, per-step rows, the
 * paper table, peak's sustained rate) to SUMMARY_PATH for the runner, and a text summary on stdout.
 */
import type { Config } from './config.ts';
import { STEP_TAG, type ProfilePlan } from './profiles.ts';
import { computeExtras, type SummaryData } from './step-report.ts';
import { textSummary } from './text-summary.ts';

export const SUMMARY_SCHEMA = 1;

export function createSummaryHandler(config: Config, plan: ProfilePlan) {
  return function handleSummary(data: SummaryData): Record<string, string> {
    const extras = computeExtras(data, config, plan);
    const full = { ...data, servebench: { schema: SUMMARY_SCHEMA, config, ...extras } };
    const out: Record<string, string> = { stdout: textSummary(data, config, extras, STEP_TAG[config.profile]) };
    if (config.summaryPath) out[config.summaryPath] = JSON.stringify(full, null, 2);
    return out;
  };
}
