/**
 * The test's options as k6 resolves them: the script's `export const options`, then K6_*
 * environment variables, then command-line flags. Shortcut options (vus, duration, iterations,
 * stages) given on the command line or in the environment replace the script's scenarios.
 * Options the engine does not implement stop the run with a message naming them.
 */
import { parseDurationMs as durationMs } from '../executors/executor-config.ts';

export class OptionsError extends Error {
  override name = 'OptionsError';
}

export interface CliOverrides {
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: { duration: string; target: number }[];
  tags?: Record<string, string>;
  executionSegment?: string;
  executionSegmentSequence?: string;
  summaryTrendStats?: string[];
  noConnectionReuse?: boolean;
}

export interface TestOptions {
  /** What the executor layer normalises (scenarios or the shortcuts). */
  scenarioSource: { vus?: number; duration?: string; iterations?: number; stages?: unknown; scenarios?: Record<string, unknown> };
  thresholds: Record<string, unknown[]>;
  tags: Record<string, string>;
  summaryTrendStats: string[];
  summaryTimeUnit: string;
  setupTimeoutMs: number;
  teardownTimeoutMs: number;
  discardResponseBodies: boolean;
  executionSegment: string | null;
  executionSegmentSequence: string | null;
  /** The resolved options as a script sees them in exec.test.options. */
  asScriptSees: Record<string, unknown>;
}

/** Options accepted and honoured; the rest of k6's options are refused by name. */
const SUPPORTED = new Set([
  'scenarios', 'vus', 'duration', 'iterations', 'stages', 'thresholds', 'tags', 'summaryTrendStats', 'summaryTimeUnit',
  'setupTimeout', 'teardownTimeout', 'discardResponseBodies', 'executionSegment', 'executionSegmentSequence',
  'noUsageReport', 'noColor', 'userAgent', 'insecureSkipTLSVerify',
]);

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

function envInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new OptionsError(`${name}=${v} is not a whole number`);
  return n;
}

function parseStages(text: string): { duration: string; target: number }[] {
  return text.split(',').map((part) => {
    const [duration, target] = part.split(':');
    if (!duration || target === undefined || !Number.isInteger(Number(target))) throw new OptionsError(`stage "${part}" is not DURATION:TARGET`);
    return { duration, target: Number(target) };
  });
}

export function resolveOptions(script: Record<string, unknown> | undefined, env: Record<string, string | undefined>, cli: CliOverrides): TestOptions {
  const o = { ...(script ?? {}) } as Record<string, unknown>;
  const unsupported = Object.keys(o).filter((k) => !SUPPORTED.has(k));
  if (unsupported.length) {
    throw new OptionsError(`option${unsupported.length > 1 ? 's' : ''} ${unsupported.map((k) => `"${k}"`).join(', ')} not supported by servebench's built-in engine; remove ${unsupported.length > 1 ? 'them' : 'it'} or run this script with k6`);
  }
  const higher: CliOverrides = {
    vus: envInt(env, 'K6_VUS'),
    duration: env.K6_DURATION || undefined,
    iterations: envInt(env, 'K6_ITERATIONS'),
    stages: env.K6_STAGES ? parseStages(env.K6_STAGES) : undefined,
    executionSegment: env.K6_EXECUTION_SEGMENT || undefined,
    executionSegmentSequence: env.K6_EXECUTION_SEGMENT_SEQUENCE || undefined,
  };
  for (const [k, v] of Object.entries(cli)) if (v !== undefined) (higher as Record<string, unknown>)[k] = v;
  const shortcutsAbove = higher.vus !== undefined || higher.duration !== undefined || higher.iterations !== undefined || higher.stages !== undefined;
  const scenarioSource: TestOptions['scenarioSource'] = shortcutsAbove
    ? {
        vus: higher.vus ?? (o.vus as number | undefined),
        duration: higher.duration ?? (higher.iterations !== undefined || higher.stages !== undefined ? undefined : (o.duration as string | undefined)),
        iterations: higher.iterations ?? (higher.duration !== undefined || higher.stages !== undefined ? undefined : (o.iterations as number | undefined)),
        stages: higher.stages ?? (higher.duration !== undefined || higher.iterations !== undefined ? undefined : o.stages),
      }
    : { vus: o.vus as number | undefined, duration: o.duration as string | undefined, iterations: o.iterations as number | undefined, stages: o.stages, scenarios: o.scenarios as Record<string, unknown> | undefined };

  const rawThresholds = (o.thresholds ?? {}) as Record<string, unknown>;
  if (typeof rawThresholds !== 'object' || Array.isArray(rawThresholds)) throw new OptionsError('options.thresholds must be an object: { metric: [expressions] }');
  const thresholds: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(rawThresholds)) thresholds[k] = Array.isArray(v) ? v : [v];

  const tags = { ...((o.tags as Record<string, string>) ?? {}), ...(higher.tags ?? {}) };
  const summaryTrendStats = higher.summaryTrendStats ?? (o.summaryTrendStats as string[] | undefined) ?? (env.K6_SUMMARY_TREND_STATS ? env.K6_SUMMARY_TREND_STATS.split(',') : DEFAULT_TREND_STATS);
  const resolved: TestOptions = {
    scenarioSource,
    thresholds,
    tags,
    summaryTrendStats,
    summaryTimeUnit: (o.summaryTimeUnit as string | undefined) ?? '',
    setupTimeoutMs: durationMs(o.setupTimeout ?? '60s', 'setupTimeout'),
    teardownTimeoutMs: durationMs(o.teardownTimeout ?? '60s', 'teardownTimeout'),
    discardResponseBodies: Boolean(o.discardResponseBodies),
    executionSegment: higher.executionSegment ?? (o.executionSegment as string | undefined) ?? null,
    executionSegmentSequence: higher.executionSegmentSequence ?? (o.executionSegmentSequence as string | undefined) ?? null,
    asScriptSees: {},
  };
  resolved.asScriptSees = { ...o, ...scenarioSource, tags, summaryTrendStats, discardResponseBodies: resolved.discardResponseBodies };
  return resolved;
}
