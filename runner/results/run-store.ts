/**
 * The layout of `results/<run-id>/`, in one place. Raw results only; reports are derived.
 *   settings.json, plan.json (each profile's resolved load settings and steps), environment.json, logs/<label>.log, scripts/<entry>.js (the bundles this run ran),
 *   targets/<label>/status.json, targets/<label>/<profile>/{summary.json,summary-export.json,load.log,resources.json,meta.json,engine-stats.json}
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const safeName = (label: string): string => label.replace(/[^\w.-]+/g, '_');

export interface TargetStatus {
  label: string;
  targetId: string;
  upstreamId?: string;
  /** External target: the address measured (servebench did not start it). */
  externalUrl?: string;
  protocol: 'rest' | 'grpc';
  paperRole: string;
  /** `invalid`: it answered wrongly in the correctness pass (runner/run/verify-answers.ts), so it was not measured. */
  status: 'running' | 'ok' | 'failed' | 'interrupted' | 'invalid';
  failure?: { reason: string; logTail: string };
  profiles: string[];
}

export interface ProfileMeta {
  startedAt: string;
  endedAt: string;
  loadExit: number | null;
  loadSignal: string | null;
  interrupted: boolean;
  env: Record<string, string>;
}

export interface ResourceFile {
  target: { t: number; cpuPercent: number; rssBytes: number }[];
  /** Where `target` came from (absent in older runs: the runtime's own sampling). */
  targetSource?: 'process' | 'docker' | 'cadvisor' | 'none';
  /** Why the target's CPU and memory were not measured (targetSource 'none'). */
  targetNotMeasured?: string;
  generator: { t: number; cpuPercent: number; rssBytes: number }[];
  /** CPUs the load generator could use (for the saturation check). */
  generatorCores: number;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export function runStore(runDir: string) {
  const targetDir = (label: string) => join(runDir, 'targets', safeName(label));
  const profileDir = (label: string, profile: string) => join(targetDir(label), profile);
  return {
    runDir,
    settings: join(runDir, 'settings.json'),
    /** Each profile's load settings and plan as the run resolved them (runner/run/run-settings.ts RunPlan). */
    plan: join(runDir, 'plan.json'),
    environment: join(runDir, 'environment.json'),
    /** What the InfluxDB sink wrote and dropped (only with --influx). */
    influx: join(runDir, 'influx.json'),
    logDir: join(runDir, 'logs'),
    /** The scenario bundles, built for this run (so parallel runs never share dist/). */
    scriptDir: join(runDir, 'scripts'),
    targetDir,
    status: (label: string) => join(targetDir(label), 'status.json'),
    profileDir,
    summary: (label: string, profile: string) => join(profileDir(label, profile), 'summary.json'),
    loadExport: (label: string, profile: string) => join(profileDir(label, profile), 'summary-export.json'),
    loadLog: (label: string, profile: string) => join(profileDir(label, profile), 'load.log'),
    resources: (label: string, profile: string) => join(profileDir(label, profile), 'resources.json'),
    meta: (label: string, profile: string) => join(profileDir(label, profile), 'meta.json'),
    /** The built-in engine's own stats (loadgen `--engine-stats`: CPU, scheduling, achieved arrivals); none from k6. */
    engineStats: (label: string, profile: string) => join(profileDir(label, profile), 'engine-stats.json'),
    ensure(...dirs: string[]) {
      for (const d of dirs) mkdirSync(d, { recursive: true });
    },
  };
}

export type RunStore = ReturnType<typeof runStore>;
