/**
 * Validates and normalises k6 scenario configs (`options.scenarios[name]`, or the top-level
 * vus/duration/iterations/stages shortcuts) into typed configs for the six k6 executors, with
 * every k6 default applied and every duration in milliseconds.
 */

export class ExecutorConfigError extends Error {
  override name = 'ExecutorConfigError';
}

export const EXECUTOR_NAMES = [
  'constant-vus', 'ramping-vus', 'per-vu-iterations', 'shared-iterations', 'constant-arrival-rate', 'ramping-arrival-rate',
] as const;
export type ExecutorName = (typeof EXECUTOR_NAMES)[number];

/** The scenario name k6 gives the scenario built from shortcut options. */
export const DEFAULT_SCENARIO_NAME = 'default';

export interface Stage {
  durationMs: number;
  target: number;
}

interface ScenarioBase {
  name: string;
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  /** The scenario's free-form `options` object (e.g. browser options), passed through. */
  options: Record<string, unknown>;
}

export interface ConstantVUsConfig extends ScenarioBase {
  executor: 'constant-vus'; vus: number; durationMs: number;
}
export interface RampingVUsConfig extends ScenarioBase {
  executor: 'ramping-vus'; startVUs: number; stages: Stage[]; gracefulRampDownMs: number;
}
export interface PerVUIterationsConfig extends ScenarioBase {
  executor: 'per-vu-iterations'; vus: number; iterations: number; maxDurationMs: number;
}
export interface SharedIterationsConfig extends ScenarioBase {
  executor: 'shared-iterations'; vus: number; iterations: number; maxDurationMs: number;
}
export interface ConstantArrivalRateConfig extends ScenarioBase {
  executor: 'constant-arrival-rate'; rate: number; timeUnitMs: number; durationMs: number; preAllocatedVUs: number; maxVUs: number;
}
export interface RampingArrivalRateConfig extends ScenarioBase {
  executor: 'ramping-arrival-rate'; startRate: number; timeUnitMs: number; stages: Stage[]; preAllocatedVUs: number; maxVUs: number;
}

export type NormalizedScenario = ConstantVUsConfig | RampingVUsConfig | PerVUIterationsConfig | SharedIterationsConfig
  | ConstantArrivalRateConfig | RampingArrivalRateConfig;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/gy;
const BARE_NUMBER = /^(\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A k6 duration in ms: a number is milliseconds; a string is Go-style (`1h30m`, `1.5s`, `500ms`,
 * `2d`); a bare numeric string is seconds. Negative or malformed values throw, naming `what`.
 */
export function parseDurationMs(value: unknown, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new ExecutorConfigError(`${what}: ${value} is not a valid duration`);
    return value;
  }
  const bad = (): ExecutorConfigError => new ExecutorConfigError(`${what}: ${JSON.stringify(value)} is not a duration like "30s", "1m30s", "500ms" or a number of milliseconds`);
  if (typeof value !== 'string') throw bad();
  const text = value.trim();
  if (BARE_NUMBER.test(text)) return Number(text) * 1000;
  if (text === '') throw bad();
  let total = 0;
  let consumed = 0;
  DURATION_PART.lastIndex = 0;
  for (let m = DURATION_PART.exec(text); m; m = DURATION_PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = DURATION_PART.lastIndex;
  }
  if (consumed !== text.length) throw bad();
  return total;
}

const COMMON_FIELDS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];
const EXECUTOR_FIELDS: Record<ExecutorName, readonly string[]> = {
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one scenario's fields; every error names the scenario and the field. */
class FieldReader {
  constructor(
    private readonly scenario: string,
    private readonly raw: Record<string, unknown>,
  ) {}

  fail(field: string, problem: string): never {
    throw new ExecutorConfigError(`scenario "${this.scenario}": ${field} ${problem}`);
  }

  private value(field: string): unknown {
    const v = this.raw[field];
    return v === null ? undefined : v;
  }

  has(field: string): boolean {
    return this.value(field) !== undefined;
  }

  int(field: string, min: number, fallback?: number): number {
    return this.checkInt(field, this.value(field), min, fallback);
  }

  private checkInt(field: string, v: unknown, min: number, fallback?: number): number {
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(field, 'is required');
      return fallback;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(field, `must be an integer, got ${JSON.stringify(v)}`);
    if (v < min) this.fail(field, `must be ${min === 0 ? 'non-negative' : `at least ${min}`}, got ${v}`);
    return v;
  }

  duration(field: string, opts: { fallback?: number; positive?: boolean }): number {
    const v = this.value(field);
    if (v === undefined) {
      if (opts.fallback === undefined) this.fail(field, 'is required');
      return opts.fallback;
    }
    const ms = parseDurationMs(v, `scenario "${this.scenario}": ${field}`);
    if (opts.positive && ms <= 0) this.fail(field, `must be more than 0, got ${JSON.stringify(v)}`);
    return ms;
  }

  text(field: string, fallback: string): string {
    const v = this.value(field);
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') this.fail(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }

  stringMap(field: string): Record<string, string> {
    const v = this.value(field);
    if (v === undefined) return {};
    if (!isPlainObject(v)) this.fail(field, `must be an object of strings, got ${JSON.stringify(v)}`);
    for (const [k, s] of Object.entries(v)) {
      if (typeof s !== 'string') this.fail(`${field}.${k}`, `must be a string, got ${JSON.stringify(s)}`);
    }
    return { ...(v as Record<string, string>) };
  }

  object(field: string): Record<string, unknown> {
    const v = this.value(field);
    if (v === undefined) return {};
    if (!isPlainObject(v)) this.fail(field, `must be an object, got ${JSON.stringify(v)}`);
    return { ...v };
  }

  stages(field: string): Stage[] {
    const v = this.value(field);
    if (v === undefined) this.fail(field, 'is required');
    if (!Array.isArray(v) || v.length === 0) this.fail(field, 'must be a non-empty array of { duration, target }');
    return v.map((stage, i) => {
      const where = `${field}[${i}]`;
      if (!isPlainObject(stage)) this.fail(where, `must be an object { duration, target }, got ${JSON.stringify(stage)}`);
      const unknown = Object.keys(stage).find((k) => k !== 'duration' && k !== 'target');
      if (unknown !== undefined) this.fail(where, `has unknown field "${unknown}"`);
      if (stage.duration === undefined || stage.duration === null) this.fail(`${where}.duration`, 'is required');
      const durationMs = parseDurationMs(stage.duration, `scenario "${this.scenario}": ${where}.duration`);
      return { durationMs, target: this.checkInt(`${where}.target`, stage.target, 0) };
    });
  }
}

function base(name: string, r: FieldReader): ScenarioBase {
  return {
    name,
    startTimeMs: r.duration('startTime', { fallback: 0 }),
    gracefulStopMs: r.duration('gracefulStop', { fallback: 30_000 }),
    exec: r.text('exec', 'default'),
    env: r.stringMap('env'),
    tags: r.stringMap('tags'),
    options: r.object('options'),
  };
}

function requireSomeLoad(r: FieldReader, startField: string, start: number, stages: Stage[]): void {
  if (start === 0 && stages.every((s) => s.target === 0)) {
    r.fail('stages', `must have a target greater than 0 when ${startField} is 0`);
  }
}

/** One `options.scenarios[name]` entry → a normalised config, or ExecutorConfigError. */
export function normalizeScenario(name: string, raw: unknown): NormalizedScenario {
  if (name.trim() === '') throw new ExecutorConfigError('scenario names must be non-empty');
  if (!isPlainObject(raw)) throw new ExecutorConfigError(`scenario "${name}" must be an object, got ${JSON.stringify(raw)}`);
  const r = new FieldReader(name, raw);
  const executor = raw.executor;
  if (executor === undefined || executor === null) r.fail('executor', `is required (one of ${EXECUTOR_NAMES.join(', ')})`);
  if (typeof executor !== 'string' || !(EXECUTOR_NAMES as readonly string[]).includes(executor)) {
    const hint = executor === 'externally-controlled' ? ' (externally-controlled is not supported)' : '';
    r.fail('executor', `${JSON.stringify(executor)} is not a known executor${hint}; use one of ${EXECUTOR_NAMES.join(', ')}`);
  }
  const kind = executor as ExecutorName;
  const allowed = new Set([...COMMON_FIELDS, ...EXECUTOR_FIELDS[kind]]);
  const unknown = Object.keys(raw).find((k) => !allowed.has(k));
  if (unknown !== undefined) r.fail(`"${unknown}"`, `is not an option of the ${kind} executor`);
  const common = base(name, r);
  switch (kind) {
    case 'constant-vus':
      return { ...common, executor: kind, vus: r.int('vus', 1, 1), durationMs: r.duration('duration', { positive: true }) };
    case 'ramping-vus': {
      const startVUs = r.int('startVUs', 0, 1);
      const stages = r.stages('stages');
      requireSomeLoad(r, 'startVUs', startVUs, stages);
      return { ...common, executor: kind, startVUs, stages, gracefulRampDownMs: r.duration('gracefulRampDown', { fallback: 30_000 }) };
    }
    case 'per-vu-iterations':
    case 'shared-iterations': {
      const vus = r.int('vus', 1, 1);
      const iterations = r.int('iterations', 1, 1);
      if (kind === 'shared-iterations' && iterations < vus) {
        r.fail('iterations', `(${iterations}) can't be less than the number of VUs (${vus})`);
      }
      return { ...common, executor: kind, vus, iterations, maxDurationMs: r.duration('maxDuration', { fallback: 600_000, positive: true }) };
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      const timeUnitMs = r.duration('timeUnit', { fallback: 1000, positive: true });
      const preAllocatedVUs = r.int('preAllocatedVUs', 0);
      const maxVUs = r.int('maxVUs', 0, preAllocatedVUs);
      if (maxVUs < preAllocatedVUs) r.fail('maxVUs', `(${maxVUs}) can't be less than preAllocatedVUs (${preAllocatedVUs})`);
      if (kind === 'constant-arrival-rate') {
        const rate = r.int('rate', 1);
        return { ...common, executor: kind, rate, timeUnitMs, durationMs: r.duration('duration', { positive: true }), preAllocatedVUs, maxVUs };
      }
      const startRate = r.int('startRate', 0, 0);
      const stages = r.stages('stages');
      requireSomeLoad(r, 'startRate', startRate, stages);
      return { ...common, executor: kind, startRate, timeUnitMs, stages, preAllocatedVUs, maxVUs };
    }
  }
}

/** The top-level options that decide the scenarios. */
export interface ExecutionOptions {
  vus?: unknown;
  duration?: unknown;
  iterations?: unknown;
  stages?: unknown;
  scenarios?: unknown;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * k6's scenario resolution. `iterations` (+`vus`, +`duration` as maxDuration) → shared-iterations;
 * `duration` (+`vus`) → constant-vus; `stages` (+`vus` as startVUs) → ramping-vus, each named
 * `default`; these shortcuts replace `scenarios` entirely (a warning is reported). Otherwise
 * `scenarios`; with neither, per-vu-iterations with `vus` (default 1) VUs × 1 iteration.
 * `iterations`+`stages` and `duration`+`stages` conflict and throw.
 */
export function resolveScenarios(options: ExecutionOptions, onWarning: (message: string) => void = () => {}): Record<string, NormalizedScenario> {
  const { vus, duration, iterations, scenarios } = options;
  const stages = Array.isArray(options.stages) && options.stages.length === 0 ? undefined : options.stages;
  if (given(stages) && (given(iterations) || given(duration))) {
    const other = given(iterations) ? 'iterations' : 'duration';
    throw new ExecutorConfigError(`using the execution shortcuts "${other}" and "stages" at the same time is not allowed`);
  }
  const shortcut = given(iterations) ? 'iterations' : given(duration) ? 'duration' : given(stages) ? 'stages' : undefined;
  const topVUs = given(vus) ? vus : undefined;
  const single = (raw: Record<string, unknown>): Record<string, NormalizedScenario> => {
    const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    return { [DEFAULT_SCENARIO_NAME]: normalizeScenario(DEFAULT_SCENARIO_NAME, defined) };
  };
  if (shortcut !== undefined) {
    if (given(scenarios)) onWarning(`the "${shortcut}" shortcut option replaces options.scenarios entirely; the scenarios are ignored`);
    if (shortcut === 'iterations') {
      return single({ executor: 'shared-iterations', vus: topVUs, iterations, maxDuration: given(duration) ? duration : undefined });
    }
    if (shortcut === 'duration') {
      if (parseDurationMs(duration, 'duration') === 0) {
        throw new ExecutorConfigError('duration: 0 (run until stopped) is not supported; give a positive duration');
      }
      return single({ executor: 'constant-vus', vus: topVUs, duration });
    }
    return single({ executor: 'ramping-vus', startVUs: topVUs, stages });
  }
  if (given(scenarios)) {
    if (!isPlainObject(scenarios)) throw new ExecutorConfigError(`options.scenarios must be an object of named scenarios, got ${JSON.stringify(scenarios)}`);
    const names = Object.keys(scenarios);
    if (names.length === 0) throw new ExecutorConfigError('options.scenarios is empty; define at least one scenario');
    if (given(vus)) onWarning('the top-level "vus" option is ignored because options.scenarios is set');
    return Object.fromEntries(names.map((name) => [name, normalizeScenario(name, scenarios[name])]));
  }
  return single({ executor: 'per-vu-iterations', vus: topVUs, iterations: 1 });
}
