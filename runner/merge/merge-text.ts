/**
 * The merged report as text: how many instances ran, their segments and clock skew, any
 * warnings, then k6's text summary of the merged data.
 */
import { textSummary } from '../../loadgen/metrics/summary.ts';
import type { MergedResult } from '../../loadgen/merge/merge-results.ts';

export function mergedText(merged: MergedResult): string {
  const c = merged.cluster;
  const lines = [
    `merged ${c.instances} instance${c.instances === 1 ? '' : 's'}: ${c.ids.map((id, i) => `${id} (${c.segments[i] ?? '0:1'})`).join(', ')}`,
    `  execution segment sequence: ${c.sequence ?? 'none'}; segments cover the whole test: ${c.complete ? 'yes' : 'NO'}`,
    `  clock skew (spread of scenario start times): ${c.clockSkewMs} ms; spread of begin times: ${c.beganSpreadMs} ms` +
      (c.startAt !== null ? `; latest begin ${c.maxLateMs} ms after --start-at ${new Date(c.startAt).toISOString()}` : ''),
    `  merged test run duration: ${(c.testRunDurationMs / 1000).toFixed(3)} s`,
    ...c.warnings.map((w) => `  WARN ${w}`),
    '',
  ];
  return `${lines.join('\n')}${textSummary(merged.data, { thresholds: merged.thresholds })}\n`;
}
