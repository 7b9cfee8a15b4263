/**
 * The run's settings as data: written verbatim to settings.json. Each profile's load settings
 * (its defaults under the flags given) and its plan are resolved once, by planRun, and written
 * to plan.json; the scenarios get exactly those settings and the report reads them back.
 */
import type { EngineName } from '../../servers/engines/engine.ts';
import type { BatchingOptions } from '../../servers/engines/request-batching.ts';
import type { ServingLimits } from '../../servers/core/serving-limits.ts';
import { settingsEnv, type LoadSettings } from '../../scenarios/lib/load-settings.ts';
import type { ProfilePlan } from '../../scenarios/lib/profiles/profile.ts';
import { PROFILES, type ProfileName } from '../../scenarios/lib/profiles/registry.ts';
import type { LoadEngineName } from '../load/load-engine.ts';

export interface RunSettings {
  runId: string;
  targets: string[];
  profiles: ProfileName[];
  /** The profiles' full defaults (the study's protocol) instead of their short ones. */
  full: boolean;
  /** Load settings given by flag (--paper-n, --levels, ...), over every profile's defaults. */
  load: Partial<LoadSettings>;
  /** The load engine: servebench's built-in one, or the user's own k6. */
  loadEngine: LoadEngineName;
  engine: EngineName;
  threads: number;
  workers: number;
  modelDir: string;
  modelName: string;
  serverCpus?: string;
  clientCpus?: string;
  data?: string;
  out: string;
  influx?: string;
  runtime: 'process' | 'docker';
  /** Docker runtime: targets image, engine socket, and the limits every target gets. */
  docker: { image?: string; socketPath?: string; cpus: number; memoryMb: number; mounts: string[] };
  /** Testing only: extra delay per inference in every target (e.g. to prove the gate catches it). */
  delayMs: number;
  /** Server-side batching in every model server, when on. */
  batching?: BatchingOptions;
  /** Admission, timeouts and shutdown deadline given on the command line (the rest: the targets' defaults). */
  limits?: Partial<ServingLimits>;
  startDeadlineMs: number;
  /** External targets: label -> the Docker container serving it (for its CPU and memory). */
  statsContainers: Record<string, string>;
  /** External targets measured through cAdvisor: wait this long for its buffered points. */
  cadvisorWaitMs: number;
  commandLine: string[];
}

/** One profile as the run resolved it: its settings, and the plan (k6 scenarios and steps) they give. */
export interface PlannedProfile {
  settings: LoadSettings;
  plan: ProfilePlan;
}

/** plan.json: every profile of the run, resolved once. */
export interface RunPlan {
  schema: 1;
  profiles: Partial<Record<ProfileName, PlannedProfile>>;
}

/** A profile's defaults (short, or full with --full) under the load settings given by flag. */
export function resolveLoadSettings(s: Pick<RunSettings, 'full' | 'load'>, profile: ProfileName): LoadSettings {
  return { ...PROFILES[profile].defaults[s.full ? 'full' : 'short'], ...s.load };
}

export function planRun(s: Pick<RunSettings, 'full' | 'load' | 'profiles'>): RunPlan {
  const profiles: RunPlan['profiles'] = {};
  for (const name of s.profiles) {
    const settings = resolveLoadSettings(s, name);
    profiles[name] = { settings, plan: PROFILES[name].plan(settings) };
  }
  return { schema: 1, profiles };
}

/** The scenario env for one profile (the names scenarios/lib/config.ts reads): exactly the planned settings. */
export function profileEnv(s: RunSettings, profile: ProfileName, planned: PlannedProfile): Record<string, string> {
  return {
    PROFILE: profile,
    RUN_ID: s.runId,
    MODEL_NAME: s.modelName,
    ...settingsEnv(planned.settings),
    ...(s.data ? { DATA: s.data } : {}),
  };
}
