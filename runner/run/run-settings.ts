/** The run's settings as data: written verbatim to settings.json and read back by the report. */
import type { EngineName } from '../../servers/engines/engine.ts';
import type { BatchingOptions } from '../../servers/engines/request-batching.ts';
import type { ServingLimits } from '../../servers/core/serving-limits.ts';
import type { ProfileName } from '../../scenarios/lib/load-settings.ts';
import type { LoadEngineName } from '../load/load-engine.ts';

export interface RunSettings {
  runId: string;
  targets: string[];
  profiles: ProfileName[];
  full: boolean;
  paperN: number[];
  repetitions: number;
  /** concurrency: VU levels. */
  levels: number[];
  /** concurrency / rate / peak: hold time per step (k6 duration). */
  stepDuration: string;
  /** smoke / soak: measured duration. */
  duration?: string;
  /** Warm-up before the measured window (k6 duration), when set. */
  warmup?: string;
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

/** Short defaults (minutes, not hours); --full gives the study's protocol. */
export const SHORT = { paperN: [1, 10, 100], repetitions: 3, levels: [1, 4, 16], stepDuration: '10s', warmup: '3s' };
export const FULL = { paperN: [1, 10, 100, 1000, 10000], repetitions: 10, levels: [1, 2, 4, 8, 16, 32], stepDuration: '30s' };

const STEPPED: ProfileName[] = ['concurrency', 'rate', 'peak'];

/** The scenario env for one profile (the names scenarios/lib/config.ts reads). */
export function profileEnv(s: RunSettings, profile: ProfileName): Record<string, string> {
  const env: Record<string, string> = {
    PROFILE: profile,
    RUN_ID: s.runId,
    MODEL_NAME: s.modelName,
    PAPER_N: s.paperN.join(','),
    PAPER_REPEATS: String(s.repetitions),
    LEVELS: s.levels.join(','),
    STEP_DURATION: s.stepDuration,
  };
  if (s.duration) env.DURATION = s.duration;
  const warmup = s.warmup ?? (!s.full && STEPPED.includes(profile) ? SHORT.warmup : undefined);
  if (warmup && profile !== 'paper') env.WARMUP = warmup;
  if (s.data) env.DATA = s.data;
  return env;
}
