/** Raw results in `results/<run-id>/` -> RunReport (report.json). Pure reading, no side effects. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ProfileName } from '../../scenarios/lib/profiles/registry.ts';
import type { ResourceStats, RunReport, TargetResult, Validity, WindowResult } from '../results/report-schema.ts';
import { readJson, runStore, type ProfileMeta, type ResourceFile, type RunStore, type TargetStatus } from '../results/run-store.ts';
import { mean } from '../results/stats.ts';
import type { PlannedProfile, RunPlan, RunSettings } from '../run/run-settings.ts';
import { targetLabel } from '../run/target-specs.ts';
import { DEFAULT_PRICES, type PriceTable } from './price-table.ts';
import { withArrivals, type EngineStatsFile } from './report-arrivals.ts';
import { withCosts, type SummaryClock } from './report-costs.ts';
import { readWindows, warmupFailures, type K6Summary } from './summary-reader.ts';

/** The load engine using more than this share of the CPUs it may use means the numbers measure the load generator, not the target. */
export const GENERATOR_SATURATION = 0.9;

export function resourceStats(samples: ResourceFile['target']): ResourceStats | undefined {
  if (!samples.length) return undefined;
  const cpu = samples.map((s) => s.cpuPercent);
  const rss = samples.map((s) => s.rssBytes / 2 ** 20);
  return { cpuPercentMean: mean(cpu), cpuPercentMax: Math.max(...cpu), rssMbMean: mean(rss), rssMbMax: Math.max(...rss), samples: samples.length };
}

function resourceFields(res: ResourceFile): Partial<TargetResult> {
  const resources = resourceStats(res.target);
  const source = res.targetSource;
  const why = res.targetNotMeasured ?? (resources ? undefined : `no samples${source && source !== 'none' ? ` from ${source}` : ''} in the measured window`);
  return {
    ...(resources ? { resources } : {}),
    ...(source ? { resourceSource: source } : {}),
    ...(why ? { resourcesNotMeasured: why } : {}),
    generatorCpuPercent: resourceStats(res.generator)?.cpuPercentMean,
  };
}

function validity(r: TargetResult, interrupted: boolean, generatorCores: number): Validity[] {
  if (r.status === 'failed') return interrupted ? ['failed', 'interrupted'] : ['failed'];
  const v: Validity[] = [];
  if (interrupted) v.push('interrupted');
  if (r.windows.some((w) => w.errorRate > 0)) v.push('errors');
  if (r.windows.some((w) => !(w.checkRate >= 1))) v.push('check-failures');
  if ((r.generatorCpuPercent ?? 0) > GENERATOR_SATURATION * 100 * generatorCores) v.push('generator-saturated');
  return v.length ? v : ['valid'];
}

function profileResult(store: RunStore, status: TargetStatus, profile: ProfileName, planned: PlannedProfile | undefined, failedHere: boolean, prices: PriceTable, loadEngine: RunSettings['loadEngine']): TargetResult {
  const meta = readJson<ProfileMeta>(store.meta(status.label, profile));
  const summary = readJson<K6Summary>(store.summary(status.label, profile)) ?? readJson<K6Summary>(store.loadExport(status.label, profile));
  const res = readJson<ResourceFile>(store.resources(status.label, profile));
  // The steps the run recorded in plan.json, never today's defaults.
  const steps = planned?.plan.steps;
  const read: WindowResult[] = summary && steps ? readWindows(summary, steps, status.protocol) : [];
  const costed = summary && steps && meta ? withCosts(read, { steps, summary: summary as SummaryClock, samples: res?.target ?? [], batch: Number(meta.env.BATCH ?? 1) || 1, prices }) : { windows: read };
  const arrivals = planned ? withArrivals(costed.windows, { plan: planned.plan, loadEngine, engineStats: readJson<EngineStatsFile>(store.engineStats(status.label, profile)) }) : { windows: costed.windows };
  const windows = arrivals.windows;
  const result: TargetResult = {
    target: status.label,
    paperRole: status.paperRole,
    protocol: status.protocol,
    profile,
    status: failedHere ? 'failed' : 'ok',
    ...(failedHere && status.failure ? { failure: status.failure } : {}),
    validity: [],
    ...(summary && warmupFailures(summary) ? { warmupFailures: warmupFailures(summary) } : {}),
    windows,
    ...(status.externalUrl ? { externalUrl: status.externalUrl } : {}),
    ...(res ? resourceFields(res) : {}),
    ...(meta && !meta.interrupted ? { thresholdsOk: meta.loadExit === 0 } : {}),
    ...(costed.notComputed && windows.length ? { costNotComputed: costed.notComputed } : {}),
    ...(arrivals.notMeasured ? { arrivalsNotMeasured: arrivals.notMeasured } : {}),
    ...(existsSync(store.profileDir(status.label, profile)) ? { rawDir: relative(store.runDir, store.profileDir(status.label, profile)) } : {}),
  };
  if (!failedHere && !summary) {
    result.status = 'failed';
    const log = existsSync(store.loadLog(status.label, profile)) ? readFileSync(store.loadLog(status.label, profile), 'utf8') : '';
    result.failure = { reason: meta?.interrupted ? 'interrupted before the load engine wrote a summary' : `the load engine wrote no summary (exit ${meta?.loadExit ?? '?'})`, logTail: log.split('\n').slice(-20).join('\n') };
  }
  // A target that answered wrongly before measuring was never measured: invalid, with the reason in `failure`.
  result.validity = status.status === 'invalid' ? ['invalid'] : validity(result, Boolean(meta?.interrupted) || status.status === 'interrupted', res?.generatorCores ?? 1);
  return result;
}

function targetResults(store: RunStore, status: TargetStatus, runPlan: RunPlan, planned: ProfileName[], prices: PriceTable, loadEngine: RunSettings['loadEngine']): TargetResult[] {
  const last = status.profiles[status.profiles.length - 1];
  return planned
    .filter((p) => status.status !== 'interrupted' || status.profiles.includes(p))
    .map((p) => profileResult(store, status, p, runPlan.profiles[p], (status.status === 'failed' || status.status === 'invalid') && (!status.profiles.includes(p) || p === last), prices, loadEngine));
}

/** Each profile's load settings as the run used them (plan.json), for the report's readers. */
function profileSettings(plan: RunPlan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plan.profiles).map(([name, p]) => [name, p?.settings]));
}

/** `prices`: for the windows' dollars per million (the report's, not the run's: reports can be regenerated with others). */
export function buildReport(runDir: string, prices: PriceTable = DEFAULT_PRICES): RunReport {
  const store = runStore(runDir);
  const settings = readJson<RunSettings>(store.settings);
  if (!settings) throw new Error(`${runDir} holds no settings.json: not a servebench run directory`);
  const plan = readJson<RunPlan>(store.plan);
  if (!plan) throw new Error(`${runDir} holds no plan.json (each profile's settings and steps as run): it was written by an older servebench, or not by a run`);
  const environment = readJson<Record<string, unknown>>(store.environment) ?? {};
  const statusDir = `${runDir}/targets`;
  const dirs = existsSync(statusDir) ? readdirSync(statusDir) : [];
  const statuses = dirs.map((d) => readJson<TargetStatus>(`${statusDir}/${d}/status.json`)).filter((s): s is TargetStatus => s !== undefined);
  // In the order the run measured them.
  const order = settings.targets.map(targetLabel);
  statuses.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  const results = statuses.flatMap((s) => targetResults(store, s, plan, settings.profiles, prices, settings.loadEngine));
  const createdAt = statuses.length ? String(readJson<ProfileMeta>(store.meta(statuses[0].label, settings.profiles[0]))?.startedAt ?? '') : '';
  return { schemaVersion: 1, runId: settings.runId, createdAt, settings: { ...settings, loadSettings: profileSettings(plan) } as unknown as Record<string, unknown>, environment, prices, results };
}
