/** Number formatting shared by the markdown summary and the JUnit messages. */
import { metricDef, type MetricId } from './metrics.ts';
import type { Comparison } from './compare.ts';

export function value(metric: MetricId, v: number | undefined): string {
  if (v === undefined) return '–';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${metricDef(metric).unit}`;
}

export const percent = (ratio: number): string => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

export const interval = (c: Comparison): string => (c.ci ? `[${percent(c.ci.low)}, ${percent(c.ci.high)}]` : '–');

export const change = (c: Comparison): string => (c.ratio === undefined ? '–' : percent(c.ratio));

/** One line for a comparison: "fastify concurrency vus=8 latency p99: 4.10 ms -> 5.20 ms (+26.8%, CI [...])". */
export function sentence(c: Comparison): string {
  const where = `${c.target} ${c.profile} ${c.window} ${metricDef(c.metric).label}`;
  const values = `${value(c.metric, c.baseline?.value)} -> ${value(c.metric, c.current?.value)}`;
  const stats = c.ratio === undefined ? '' : ` (${change(c)}${c.ci ? `, CI ${interval(c)}` : ''})`;
  return `${where}: ${values}${stats}${c.detail ? ` — ${c.detail}` : ''}`;
}
