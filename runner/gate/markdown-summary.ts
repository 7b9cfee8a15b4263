/** The gate's verdict as markdown: for the terminal, `$GITHUB_STEP_SUMMARY` and the artifacts. */
import type { Baseline } from './baseline-file.ts';
import { FAILING, type Comparison, type GateResult, type GateSettings, type Verdict } from './compare.ts';
import { change, interval, value } from './format.ts';
import { metricDef } from './metrics.ts';

const LABEL: Record<Verdict, string> = {
  regression: '❌ regression',
  improvement: '🟢 improvement',
  small: 'ok (below min effect)',
  noisy: 'ok (within noise)',
  'no-noise-estimate': '⚠️ not gated (1 value)',
  new: 'new (no baseline)',
  'not-measured': '⚠️ not measured',
  'target-failed': '❌ target failed',
};

function table(rows: Comparison[], confidence: number): string {
  const head = `| target | profile | window | metric | baseline | current | change | ${Math.round(confidence * 100)}% CI | verdict |`;
  const lines = rows.map((c) =>
    `| ${c.target} | ${c.profile} | ${c.window} | ${metricDef(c.metric).label} | ${value(c.metric, c.baseline?.value)} | ${value(c.metric, c.current?.value)} | ${change(c)} | ${interval(c)} | ${LABEL[c.verdict]}${c.detail ? ` — ${c.detail.replace(/\|/g, '\\|')}` : ''} |`,
  );
  return [head, '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...lines].join('\n');
}

export interface SummaryInput {
  runId: string;
  baselinePath: string;
  baseline: Baseline;
  settings: GateSettings;
  result: GateResult;
}

export function markdownSummary({ runId, baselinePath, baseline, settings, result }: SummaryInput): string {
  const count = (v: Verdict) => result.comparisons.filter((c) => c.verdict === v).length;
  const failing = result.comparisons.filter((c) => FAILING.has(c.verdict));
  const improvements = result.comparisons.filter((c) => c.verdict === 'improvement');
  const headline = result.failed
    ? `❌ ${count('regression')} regression(s), ${count('target-failed')} failed measurement(s)`
    : `✅ no regressions (${improvements.length} improvement(s))`;
  const out = [
    `## servebench gate: ${headline}`,
    '',
    `Run \`${runId}\` against baseline \`${baselinePath}\` (from run(s) \`${baseline.sourceRunIds.join(', ')}\`, recorded ${baseline.createdAt}).`,
    `A metric fails when it is worse by at least ${(settings.minEffect * 100).toFixed(0)}% **and** the ${Math.round(settings.confidence * 100)}% ` +
      `bootstrap CI of the ${settings.estimator} ratio (${settings.resamples} resamples, seed ${settings.seed}) lies wholly beyond half of that.`,
  ];
  if (failing.length > 0) out.push('', '### Failing', '', table(failing, settings.confidence));
  if (improvements.length > 0) out.push('', '### Improvements', '', table(improvements, settings.confidence));
  const ungated = count('no-noise-estimate') + count('not-measured');
  if (ungated > 0) out.push('', `⚠️ ${ungated} metric(s) were not gated: one value per run (no repetitions to estimate noise) or missing from the run.`);
  out.push('', `<details><summary>All ${result.comparisons.length} comparisons</summary>`, '', table(result.comparisons, settings.confidence), '', '</details>', '');
  return out.join('\n');
}
