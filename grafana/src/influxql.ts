/**
 * A tiny InfluxQL SELECT builder for dashboard queries, with the Grafana variables the panels
 * share. Every selected expression is aliased, so tests know which columns to expect.
 */
import { CADVISOR, RUN_TAGS } from '../../runner/influx/measurements.ts';

export interface SelectSpec {
  /** alias -> expression, e.g. { p95: 'percentile("value", 95)' }. */
  fields: Record<string, string>;
  /** One or more measurements (one series each). */
  from: readonly string[];
  /** Conditions joined with AND; `$timeFilter` is always added. */
  where: readonly string[];
  /** Tags to split series by. */
  groupByTags?: readonly string[];
  /** Bucket by `$__interval` (time series) or not (one value per series over the range). */
  overTime?: boolean;
  fill?: 'none' | 'null' | '0';
}

const ident = (name: string): string => `"${name}"`;

/** `"tag" =~ /^$var$/`: Grafana turns a multi-value or All selection into `(a|b)`. */
export const tagMatches = (tag: string, variable: string): string => `${ident(tag)} =~ /^$${variable}$/`;

export const RUN_FILTER = tagMatches(RUN_TAGS.runId, 'run_id');
export const TARGET_FILTER = tagMatches(RUN_TAGS.target, 'target');
/**
 * Resource samples: the target label is cAdvisor's `container_name`; the runner's samples carry
 * the run id, cAdvisor's have no run_id tag at all (`= ''` matches a missing tag) and are kept.
 */
export const RESOURCE_FILTERS = [
  tagMatches(CADVISOR.containerTag, 'target'),
  `(${tagMatches(RUN_TAGS.runId, 'run_id')} OR ${ident(RUN_TAGS.runId)} = '')`,
];
export const K6_FILTERS = [RUN_FILTER, TARGET_FILTER];

export function select(spec: SelectSpec): string {
  const fields = Object.entries(spec.fields)
    .map(([alias, expr]) => `${expr} AS ${ident(alias)}`)
    .join(', ');
  const where = [...spec.where, '$timeFilter'].join(' AND ');
  const groups = [...(spec.overTime === false ? [] : ['time($__interval)']), ...(spec.groupByTags ?? []).map(ident)];
  const groupBy = groups.length ? ` GROUP BY ${groups.join(', ')}` : '';
  const fill = spec.fill && spec.overTime !== false ? ` fill(${spec.fill})` : '';
  return `SELECT ${fields} FROM ${spec.from.map(ident).join(', ')} WHERE ${where}${groupBy}${fill}`;
}

/** `SHOW TAG VALUES` for a template variable, optionally narrowed by other tags. */
export function showTagValues(measurement: string, key: string, where: readonly string[] = []): string {
  const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  return `SHOW TAG VALUES FROM ${ident(measurement)} WITH KEY = ${ident(key)}${cond}`;
}

/** Per-second rate of point counts in each `$__interval` bucket (`$__interval_ms` is a number). */
export const COUNT_PER_SECOND = `count("value") * 1000 / $__interval_ms`;
