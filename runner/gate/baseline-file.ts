/**
 * The stored baseline (default `baselines/nightly.json`): versioned JSON recording which run
 * it came from, on what machine, when, and every target × window × metric's repetition values.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunReport } from '../results/report-schema.ts';
import { GateInputError } from './gate-errors.ts';
import { isPositiveNumber, isRecord, readJsonFile } from './json-file.ts';
import { extractSeries, isMetricId, mergeRuns, metricDef, type MetricSeries } from './metrics.ts';

export const BASELINE_KIND = 'servebench-baseline';
export const BASELINE_SCHEMA_VERSION = 1;
export const DEFAULT_BASELINE = 'baselines/nightly.json';

export interface BaselineEntry extends MetricSeries {
  unit: string;
}

export interface Baseline {
  kind: typeof BASELINE_KIND;
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  /** The run(s) the values were taken from; several runs act as repetitions. */
  sourceRunIds: string[];
  /** When the baseline was recorded (ISO 8601); the first source run's own date is `runCreatedAt`. */
  createdAt: string;
  runCreatedAt: string;
  /** The first source run's environment (machine, versions, commit) as the runner recorded it. */
  machine: Record<string, unknown>;
  entries: BaselineEntry[];
}

export const howToCreate = (path: string): string =>
  `Create it from a run you trust: servebench baseline update --run results/<run-id> --baseline ${path}`;

export function baselineFromReports(reports: RunReport[], now: Date): Baseline {
  const ids = reports.map((r) => r.runId).join(', ');
  const { series, failed } = mergeRuns(reports.map(extractSeries));
  if (failed.length > 0) {
    const list = failed.map((f) => `${f.target} (${f.reason})`).join(', ');
    throw new GateInputError(`run ${ids} has failed targets: ${list}; a baseline must come from runs where every target was measured.`);
  }
  if (series.length === 0) throw new GateInputError(`run ${ids} has no measured windows to record.`);
  return {
    kind: BASELINE_KIND,
    schemaVersion: BASELINE_SCHEMA_VERSION,
    sourceRunIds: reports.map((r) => r.runId),
    createdAt: now.toISOString(),
    runCreatedAt: reports[0].createdAt,
    machine: reports[0].environment ?? {},
    entries: series.map((s) => ({ ...s, unit: metricDef(s.metric).unit })),
  };
}

/** Writes atomically (temp file + rename), so an interrupted update never leaves half a baseline. */
export function writeBaseline(path: string, baseline: Baseline): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(baseline, null, 2)}\n`);
  renameSync(tmp, path);
}

function entryProblem(e: unknown, i: number): string | undefined {
  const at = `entries[${i}]`;
  if (!isRecord(e)) return `${at} is not an object`;
  for (const k of ['target', 'profile', 'window'] as const) if (typeof e[k] !== 'string') return `${at}.${k} is not a string`;
  if (!isMetricId(e.metric)) return `${at}.metric "${String(e.metric)}" is not a known metric`;
  if (!Array.isArray(e.values) || e.values.length === 0 || !e.values.every(isPositiveNumber)) {
    return `${at}.values must be a non-empty array of numbers >= 0`;
  }
  return undefined;
}

function problem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'the top level is not an object';
  if (data.kind !== BASELINE_KIND) return `"kind" is ${JSON.stringify(data.kind)}, expected "${BASELINE_KIND}"`;
  if (data.schemaVersion !== BASELINE_SCHEMA_VERSION) {
    return `"schemaVersion" is ${JSON.stringify(data.schemaVersion)}; this servebench reads version ${BASELINE_SCHEMA_VERSION}`;
  }
  if (!Array.isArray(data.sourceRunIds) || !data.sourceRunIds.every((id) => typeof id === 'string')) return '"sourceRunIds" is missing';
  if (typeof data.createdAt !== 'string') return '"createdAt" is missing';
  if (!Array.isArray(data.entries)) return '"entries" is not an array';
  return data.entries.map(entryProblem).find((p) => p !== undefined);
}

export function readBaseline(path: string): Baseline {
  const data = readJsonFile(path, 'baseline', howToCreate(path));
  const bad = problem(data);
  if (bad) throw new GateInputError(`baseline "${path}" is corrupt: ${bad}.\n${howToCreate(path)}`);
  return data as Baseline;
}
