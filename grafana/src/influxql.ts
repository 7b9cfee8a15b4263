/**
 * A tiny InfluxQL SELECT builder for dashboard queries, with the Grafana variables the panels
 * share. Every selected expression is aliased, so tests know which columns to expect.
 */
import { CADVISOR, K6, RESOURCE_PHASE, RESOURCE_ROLE, RUN_TAGS } from '../../runner/influx/measurements.ts';

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
const literal = (value: string): string => `'${value}'`;

/** `"tag" =~ /^$var$/`: Grafana turns a multi-value or All selection into `(a|b)`. */
export const tagMatches = (tag: string, variable: string): string => `${ident(tag)} =~ /^$${variable}$/`;

export const RUN_FILTER = tagMatches(RUN_TAGS.runId, 'run_id');
export const TARGET_FILTER = tagMatches(RUN_TAGS.target, 'target');
export const K6_FILTERS = [RUN_FILTER, TARGET_FILTER];
/** k6 samples of the measured window only: the warm-up scenario's are tagged `phase: warmup`. */
export const MEASURED_K6_FILTERS = [...K6_FILTERS, `${ident(K6.phaseTag)} = ${literal(K6.measuredPhase)}`];

/** The run's points, or points with no run_id at all (cAdvisor's; `= ''` matches a missing tag). */
const RUN_OR_CADVISOR = `(${RUN_FILTER} OR ${ident(RUN_TAGS.runId)} = '')`;

/**
 * A target's CPU and memory: cAdvisor's `container_name` is the target label (compose names each
 * serving container after its target id); the runner writes its samples the same way. The load
 * engine's own samples (role `load`) are left out; points without a role (cAdvisor's) are kept.
 */
export const TARGET_RESOURCE_FILTERS = [
  tagMatches(CADVISOR.containerTag, 'target'),
  `${ident(RESOURCE_ROLE.tag)} != ${literal(RESOURCE_ROLE.load)}`,
  RUN_OR_CADVISOR,
];
/**
 * The measured part only: the runner's resource points of the warm-up are tagged `phase: warmup`;
 * points with no phase (cAdvisor's) are kept (`!=` matches a missing tag).
 */
export const NOT_WARMUP = `${ident(RESOURCE_PHASE.tag)} != ${literal(RESOURCE_PHASE.warmup)}`;

/** Split target resources by container and run: cAdvisor's cumulative counter never mixes with the runner's. */
export const TARGET_RESOURCE_GROUPS = [CADVISOR.containerTag, RUN_TAGS.runId];

/** The load engine's own CPU and memory: the runner's role `load` samples, or compose's `load` service as cAdvisor sees it. */
export const LOAD_RESOURCE_FILTERS = [
  `((${ident(RESOURCE_ROLE.tag)} = ${literal(RESOURCE_ROLE.load)} AND ${TARGET_FILTER} AND ${RUN_FILTER}) OR ${ident(RESOURCE_ROLE.composeServiceTag)} = ${literal(RESOURCE_ROLE.loadContainer)})`,
];
export const LOAD_RESOURCE_GROUPS = [RUN_TAGS.target, RUN_TAGS.runId];

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
