/** Messages between the coordinator (main thread) and a VU host thread. */
import type { MetricDef, Tags } from '../metrics/sample.ts';

/** Per VU slot in a host's control array: 0 run, 1 stop after the current iteration, 2 interrupt now. */
export const RUN = 0;
export const GRACEFUL_STOP = 1;
export const HARD_STOP = 2;

export interface HostWorkerData {
  entry: string;
  hostId: number;
  bundle: { code: string; path: string; dir: string };
  env: Record<string, string>;
  testTags: Tags;
  options: Record<string, unknown>;
  /** Shared arrays built by the options runtime: name -> JSON of the array. */
  shared: Record<string, string>;
  metricDefs: MetricDef[];
  /** Sub-metric selectors the thresholds define (each thread aggregates them too). */
  submetrics: string[];
  /** Ship raw samples to the coordinator (for --out). */
  streamSamples: boolean;
  /** Int32 words: [0] bridge signal, [1 + slot] stop state of each VU slot. */
  control: SharedArrayBuffer;
  /** Many VUs share this thread (async scripts): a blocking call would stall all of them. */
  sharesThread: boolean;
}

export interface ScenarioRef {
  name: string;
  executor: string;
  exec: string;
  startTime: number;
  tags: Tags;
  env: Record<string, string>;
  /** Planned length in ms, for exec.scenario.progress. */
  plannedMs: number;
}

/** `counter` (one Int32 per scenario run, shared by its VUs) numbers the scenario's iterations on this
 *  instance; with the segment it gives exec.scenario.iterationInTest, unique across instances. */
export type RunSpec =
  | { mode: 'until'; endAt: number; counter?: SharedArrayBuffer; segment?: string | null; sequence?: string | null }
  | { mode: 'count'; iterations: number; endAt: number; counter?: SharedArrayBuffer; segment?: string | null; sequence?: string | null }
  | { mode: 'shared'; counter: SharedArrayBuffer; total: number; segment: string | null; sequence: string | null; endAt: number }
  | { mode: 'one'; iterationInTest: number; iterationInInstance?: number };

export type ToHost =
  | { t: 'init'; vus: { slot: number; id: number; idInInstance: number }[] }
  | { t: 'run'; slot: number; scenario: ScenarioRef; spec: RunSpec; setupData: string | undefined; iterationInScenario: number; testStart: number }
  | { t: 'call'; slot: number; fn: 'setup' | 'teardown'; arg: string | undefined; testStart: number }
  | { t: 'flush' }
  | { t: 'close' };

export type FromHost =
  | { t: 'inited'; slots: number[] }
  | { t: 'initError'; error: string }
  | { t: 'ran'; slot: number; iterations: number; interrupted: boolean; iterationInScenario: number }
  | { t: 'called'; slot: number; result: string | undefined; error?: string }
  | { t: 'delta'; delta: unknown; samples?: unknown[] }
  | { t: 'flushed' }
  | { t: 'abort'; reason: string; byThreshold?: false }
  | { t: 'fatal'; error: string };
