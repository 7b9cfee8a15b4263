/**
 * The services a thread hosting VUs gives their k6 modules: where samples and checks go, the
 * blocking I/O bridge, shared arrays, the test's tags/env/options, and abort. One per thread;
 * implemented by the VU host (worker thread) and by the main thread's init/summary runtime.
 */
import type { GrpcTransport } from '../grpc/grpc-types.ts';
import type { HttpTransport } from '../http/http-types.ts';
import type { MetricDef, Tags } from '../metrics/sample.ts';
import type { SyncIo } from './sync-io.ts';

export interface InstanceCounters {
  iterationsCompleted: number;
  iterationsInterrupted: number;
  vusActive: number;
  vusInitialized: number;
}

export interface HostServices {
  readonly testTags: Tags;
  /** Global env (-e and, with --include-system-env-vars, the process env). */
  readonly env: Record<string, string>;
  /** Directory relative paths in open() / client.load() resolve against. */
  readonly scriptDir: string;
  /** Resolved test options as the script sees them (exec.test.options). */
  readonly options: Record<string, unknown>;
  /** Epoch ms when the test started (0 before). */
  testStartTime(): number;
  emit(metric: string, value: number, tags: Tags, time: number): void;
  addCheck(groupPath: string, name: string, passed: boolean): void;
  registerMetric(def: MetricDef): void;
  /**
   * Many VUs share this thread (async scripts): calls that would block it for long (gRPC
   * connect) start asynchronously instead, and their errors surface at the first async call.
   */
  readonly sharesThread: boolean;
  /** Blocking calls to the I/O thread (http.request, client.invoke, connect). */
  readonly syncIo: SyncIo;
  /** In-thread transports for the async API. */
  newHttpTransport(): HttpTransport;
  readonly grpcTransport: GrpcTransport;
  sharedArray(name: string, build: () => unknown[]): readonly unknown[];
  /** exec.test.abort(): stops the whole test (exit code 108); never returns. */
  abortTest(reason: string | undefined): never;
  /** Blocks this thread for ms (interrupted when the VU is hard-stopped). */
  sleep(ms: number, vuSlot: number): void;
  /** Throws an interruption when the VU in `vuSlot` was hard-stopped (its iteration must end). */
  checkInterrupted(vuSlot: number): void;
  readonly counters: InstanceCounters;
  warnOnce(key: string, message: string): void;
}

/** Thrown into a VU's code when its iteration is interrupted (gracefulStop over, test aborted). */
export class IterationInterrupted extends Error {
  override name = 'IterationInterrupted';
}
