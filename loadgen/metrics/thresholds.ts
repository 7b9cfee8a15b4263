/**
 * k6 thresholds: parse `options.thresholds` once (grammar `<stat> <op> <number>`, string or
 * `{threshold, abortOnFail, delayAbortEval}` form), evaluate against a MetricStore, and decide
 * abortOnFail. Invalid config → ThresholdConfigError (k6 exits 104 for it).
 *
 * Evaluation as k6 does it: during the run (`final: false`) metrics without samples are skipped; at
 * the end (`final: true`) they are evaluated with zero values (count 0, avg 0, p(N) 0, value 0) —
 * except Rate metrics without samples, which k6 does not evaluate (their thresholds stay ok). Only
 * the last evaluation counts. A failing abortOnFail threshold aborts once the test has run for
 * delayAbortEval. Never-evaluated thresholds are ok.
 */
import { createAggregate, type Aggregate } from './aggregates.ts';
import type { MetricRegistry } from './metric-registry.ts';
import type { MetricStore } from './metric-store.ts';
import type { MetricType } from './sample.ts';
import { parseDurationMs } from '../executors/executor-config.ts';
import { parseSelector } from './selector.ts';
import { percentileOf } from './trend-histogram.ts';

export class ThresholdConfigError extends Error {
  override name = 'ThresholdConfigError';
  /** k6's exit code for an invalid configuration. */
  readonly exitCode = 104;
}

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface ThresholdExpression {
  /** The expression as written: the key of its result in the summary. */
  source: string;
  /** `avg`, `min`, `max`, `med`, `count`, `rate`, `value` or `p(N)` (N normalised, no spaces). */
  stat: string;
  op: Operator;
  value: number;
}

export interface ThresholdDef extends ThresholdExpression {
  /** Metric name or sub-metric key (canonical, see selector.ts). */
  key: string;
  metricType: MetricType;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export interface ThresholdResult extends ThresholdDef {
  ok: boolean;
  evaluated: boolean;
  /** The stat's value at the last evaluation. */
  actual?: number;
}

/** Which stats each metric type offers to thresholds (k6 docs, "Aggregation methods by type"). */
export const THRESHOLD_STATS: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

const EXPR = /^\s*(.+?)\s*(<=|>=|===|==|!=|<|>)\s*(.*?)\s*$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Parses one expression; throws ThresholdConfigError. Does not check the stat against a type. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  if (typeof source !== 'string') throw new ThresholdConfigError(`threshold expression must be a string, got ${JSON.stringify(source)}`);
  const m = EXPR.exec(source);
  if (!m) throw new ThresholdConfigError(`threshold ${JSON.stringify(source)} is not "<stat> <operator> <number>" (operators < <= > >= == === !=)`);
  const [, rawStat, op, rawValue] = m;
  let stat = rawStat.replace(/\s+/g, '');
  if (stat.startsWith('p(')) {
    const n = percentileOf(stat);
    if (n === undefined) throw new ThresholdConfigError(`threshold ${JSON.stringify(source)}: ${rawStat} needs a percentile between 0 and 100, like p(99.9)`);
    stat = `p(${n})`;
  } else if (!['avg', 'min', 'max', 'med', 'count', 'rate', 'value'].includes(stat)) {
    throw new ThresholdConfigError(`threshold ${JSON.stringify(source)}: unknown aggregation ${JSON.stringify(rawStat)} (avg, min, max, med, p(N), count, rate, value)`);
  }
  if (!NUMBER.test(rawValue)) throw new ThresholdConfigError(`threshold ${JSON.stringify(source)}: ${JSON.stringify(rawValue)} is not a number`);
  return { source, stat, op: op as Operator, value: Number(rawValue) };
}

/** delayAbortEval: a Go-style duration (`10s`, `1m30s`, `500ms`) or a number of milliseconds. */
export function parseDelayMs(value: unknown, where: string): number {
  if (value === undefined || value === null) return 0;
  try {
    return parseDurationMs(value, `${where}: delayAbortEval`);
  } catch (err) {
    throw new ThresholdConfigError((err as Error).message);
  }
}

function compare(actual: number, op: Operator, target: number): boolean {
  switch (op) {
    case '<':
      return actual < target;
    case '<=':
      return actual <= target;
    case '>':
      return actual > target;
    case '>=':
      return actual >= target;
    case '==':
    case '===':
      return actual === target;
    case '!=':
      return actual !== target;
  }
}

function fitsType(stat: string, type: MetricType): boolean {
  const allowed = THRESHOLD_STATS[type];
  return allowed.includes(stat) || (stat.startsWith('p(') && allowed.includes('p(N)'));
}

export interface Evaluation {
  /** Every threshold currently ok. */
  ok: boolean;
  /** An abortOnFail threshold failed and its delayAbortEval has passed. */
  abort: boolean;
}

export class Thresholds {
  private readonly byKey = new Map<string, ThresholdResult[]>();

  private constructor(
    /** Every key of options.thresholds (canonical), including those with `[]`. */
    readonly keys: readonly string[],
    private readonly list: ThresholdResult[],
  ) {
    for (const t of list) this.byKey.set(t.key, [...(this.byKey.get(t.key) ?? []), t]);
  }

  /** Parses and validates `options.thresholds` against the registered metrics. */
  static parse(config: unknown, registry: MetricRegistry): Thresholds {
    if (config === undefined || config === null) return new Thresholds([], []);
    if (typeof config !== 'object' || Array.isArray(config)) throw new ThresholdConfigError('options.thresholds must be an object of metric → list of thresholds');
    const keys: string[] = [];
    const list: ThresholdResult[] = [];
    for (const [rawKey, items] of Object.entries(config as Record<string, unknown>)) {
      let sel;
      try {
        sel = parseSelector(rawKey);
      } catch (e) {
        throw new ThresholdConfigError(`invalid threshold key ${JSON.stringify(rawKey)}: ${(e as Error).message}`);
      }
      const def = registry.get(sel.metric);
      if (!def) throw new ThresholdConfigError(`invalid threshold defined on ${JSON.stringify(rawKey)}: no metric named ${JSON.stringify(sel.metric)} exists`);
      if (!Array.isArray(items)) throw new ThresholdConfigError(`thresholds for ${JSON.stringify(rawKey)} must be a list, got ${JSON.stringify(items)}`);
      if (!keys.includes(sel.key)) keys.push(sel.key);
      for (const item of items) {
        const obj = typeof item === 'string' ? { threshold: item } : item;
        if (!obj || typeof obj !== 'object' || typeof (obj as { threshold?: unknown }).threshold !== 'string') {
          throw new ThresholdConfigError(`threshold on ${JSON.stringify(rawKey)} must be a string or {threshold, abortOnFail, delayAbortEval}, got ${JSON.stringify(item)}`);
        }
        const { threshold, abortOnFail, delayAbortEval } = obj as { threshold: string; abortOnFail?: unknown; delayAbortEval?: unknown };
        const expr = parseThresholdExpression(threshold);
        if (!fitsType(expr.stat, def.type)) {
          throw new ThresholdConfigError(
            `invalid threshold ${JSON.stringify(threshold)} on ${JSON.stringify(rawKey)}: ${expr.stat} does not apply to a ${def.type} metric (use ${THRESHOLD_STATS[def.type].join(', ')})`,
          );
        }
        if (abortOnFail !== undefined && typeof abortOnFail !== 'boolean') throw new ThresholdConfigError(`threshold ${JSON.stringify(threshold)} on ${JSON.stringify(rawKey)}: abortOnFail must be a boolean`);
        const delayAbortEvalMs = parseDelayMs(delayAbortEval, `threshold ${JSON.stringify(threshold)} on ${JSON.stringify(rawKey)}`);
        list.push({ ...expr, key: sel.key, metricType: def.type, abortOnFail: abortOnFail === true, delayAbortEvalMs, ok: true, evaluated: false });
      }
    }
    return new Thresholds(keys, list);
  }

  /** The keys with a `{tag:value}` selector: give them to the MetricStore. */
  submetricSelectors(): string[] {
    return this.keys.filter((k) => k.includes('{'));
  }

  /** Evaluates every threshold; `elapsedMs` is the test's run time so far (counter `rate`, delayAbortEval). */
  evaluate(store: MetricStore, elapsedMs: number, opts: { final?: boolean } = {}): Evaluation {
    let abort = false;
    for (const [key, ts] of this.byKey) {
      const agg: Aggregate = store.get(key) ?? createAggregate(ts[0].metricType);
      if (agg.empty && (!opts.final || agg.type === 'rate')) continue;
      const values = agg.values(ts.map((t) => t.stat), elapsedMs);
      for (const t of ts) {
        const actual = values[t.stat] ?? 0;
        t.actual = actual;
        t.evaluated = true;
        t.ok = compare(actual, t.op, t.value);
        if (!t.ok && t.abortOnFail && !opts.final && elapsedMs >= t.delayAbortEvalMs) abort = true;
      }
    }
    return { ok: this.ok, abort };
  }

  /** True when an abortOnFail threshold failed at its last evaluation and delayAbortEval has passed. */
  shouldAbort(elapsedMs: number): boolean {
    return this.list.some((t) => !t.ok && t.abortOnFail && elapsedMs >= t.delayAbortEvalMs);
  }

  /** Every threshold ok (k6 exits 99 otherwise). */
  get ok(): boolean {
    return this.list.every((t) => t.ok);
  }

  results(): readonly ThresholdResult[] {
    return this.list;
  }

  /** `{key: {source: {ok}}}` for keys with at least one threshold (a repeated source is ok only if all are). */
  summaryResults(): Record<string, Record<string, { ok: boolean }>> {
    const out: Record<string, Record<string, { ok: boolean }>> = {};
    for (const t of this.list) {
      const forKey = (out[t.key] ??= {});
      forKey[t.source] = { ok: (forKey[t.source]?.ok ?? true) && t.ok };
    }
    return out;
  }
}
