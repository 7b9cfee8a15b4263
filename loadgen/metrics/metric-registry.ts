/**
 * The registry of metric definitions: k6's built-ins plus custom metrics from `k6/metrics`
 * (`new Trend(name, isTime)` …), with k6's name rule and its "same name, other type" error.
 *
 * Name rule (k6 docs, "Metric name restrictions"): 1 to 128 characters of Unicode letters, Unicode
 * numbers and `_`, not starting with a number.
 */
import { BUILTIN_METRICS, type MetricDef, type MetricType } from './sample.ts';

export class MetricNameError extends Error {
  override name = 'MetricNameError';
}

export class MetricConflictError extends Error {
  override name = 'MetricConflictError';
}

const NAME_RULE = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MAX_NAME_CHARS = 128;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];

/** Null when `name` is a valid k6 metric name, else why not. */
export function metricNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return 'a metric name must be a non-empty string';
  if ([...name].length > MAX_NAME_CHARS) return `metric name ${JSON.stringify(name)} is longer than ${MAX_NAME_CHARS} characters`;
  if (!NAME_RULE.test(name)) {
    return `invalid metric name ${JSON.stringify(name)}: only letters, numbers and "_", not starting with a number`;
  }
  return null;
}

/** The definition `new Counter|Gauge|Rate|Trend(name, isTime)` makes. */
export function customMetricDef(type: MetricType, name: string, isTime = false): MetricDef {
  return { name, type, contains: isTime ? 'time' : 'default' };
}

export class MetricRegistry {
  private readonly defs = new Map<string, MetricDef>();

  constructor(builtins: readonly MetricDef[] = BUILTIN_METRICS) {
    for (const d of builtins) this.defs.set(d.name, { name: d.name, type: d.type, contains: d.contains });
  }

  /**
   * Registers a metric, or returns the existing one when name, type and contains agree (k6 hands the
   * existing metric back). Throws MetricNameError for a bad name, MetricConflictError for a clash.
   */
  register(def: MetricDef): MetricDef {
    const existing = this.defs.get(def.name);
    if (existing) {
      if (existing.type !== def.type || existing.contains !== def.contains) {
        throw new MetricConflictError(
          `metric ${JSON.stringify(def.name)} already exists as a ${existing.type} (contains ${existing.contains}); ` +
            `cannot register it again as a ${def.type} (contains ${def.contains})`,
        );
      }
      return existing;
    }
    const problem = metricNameProblem(def.name);
    if (problem) throw new MetricNameError(problem);
    if (!TYPES.includes(def.type)) throw new MetricNameError(`metric ${JSON.stringify(def.name)}: unknown type ${JSON.stringify(def.type)}`);
    if (def.contains !== 'default' && def.contains !== 'time' && def.contains !== 'data') {
      throw new MetricNameError(`metric ${JSON.stringify(def.name)}: unknown contains ${JSON.stringify(def.contains)}`);
    }
    const copy: MetricDef = { name: def.name, type: def.type, contains: def.contains };
    this.defs.set(def.name, copy);
    return copy;
  }

  get(name: string): MetricDef | undefined {
    return this.defs.get(name);
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** All definitions, built-ins first, then in registration order. */
  all(): MetricDef[] {
    return [...this.defs.values()];
  }
}
