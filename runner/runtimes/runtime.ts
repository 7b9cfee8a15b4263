/**
 * How the runner starts a target: as a local process (default) or a Docker container.
 * Both give back the same handle, so the sampler, the scenarios and the report never care.
 */
import type { TargetOptions } from '../../servers/targets/target.ts';

export interface TargetLaunch {
  /** Registry id (`fastify`, `gateway`, ...). */
  targetId: string;
  /** Label in results and reports (`fastify`, `gateway:fastify`). */
  label: string;
  options: TargetOptions;
  /** CPUs to pin the target to (taskset list such as "0" or "0-1"), if any. */
  cpus?: string;
  /** Docker runtime: CPU and memory limits, equal for every target. */
  limits?: { cpus: number; memoryBytes: number };
}

export interface ResourceSample {
  /** Unix time in ms. */
  t: number;
  /** CPU use of all the target's processes, in % of one core (200 = two cores busy). */
  cpuPercent: number;
  /** Resident memory in bytes (container: memory usage; also working set where known). */
  rssBytes: number;
  workingSetBytes?: number;
}

export interface LaunchedTarget {
  /** http://127.0.0.1:port or grpc://127.0.0.1:port, ready (health probe passed). */
  url: string;
  /** One resource reading now (cumulative CPU is turned into % by the sampler or the runtime). */
  sample(): Promise<ResourceSample>;
  /** Last lines the target printed (for failed targets in the report). */
  logTail(lines?: number): string;
  /** Resolves when the target exits on its own (a crash mid-run). */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Stops the target and everything it started; idempotent. */
  stop(): Promise<void>;
  /** The target's process id on this host (process runtime only). */
  readonly pid?: number;
}

export interface Runtime {
  readonly name: 'process' | 'docker';
  start(launch: TargetLaunch): Promise<LaunchedTarget>;
  /** Stops every target this runtime started (Ctrl-C, SIGTERM). */
  stopAll(): Promise<void>;
}
