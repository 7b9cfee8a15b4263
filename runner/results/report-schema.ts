/**
 * The shape of `results/<run-id>/report.json`: what the report writer produces from the raw
 * results, and what `compare` and `gate` read. Durations in ms unless named otherwise.
 */
import type { StepLabel } from '../../scenarios/lib/profiles/profile.ts';
import type { ServerTiming } from '../../servers/core/server-timing.ts';
import type { WindowCost } from '../report/cost.ts';
import type { ArrivalFit } from '../../scenarios/lib/arrival-fit.ts';
import type { PriceTable } from '../report/price-table.ts';

export interface LatencyStats {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One measured window: a whole smoke/soak run, one concurrency level, one rate step, one paper N. */
export interface WindowResult {
  /** `all`, `vus=8`, `rate=50`, `n=100`, ...: the label as shown (and matched by compare and gate). */
  window: string;
  /** The same label as data ({ name: 'n', value: 100 }); absent in reports written before it was added. */
  label?: StepLabel;
  requests: number;
  throughputRps: number;
  latency: LatencyStats;
  errorRate: number;
  checkRate: number;
  /**
   * Server-reported time per request (Server-Timing / gRPC trailers), means. A gateway's
   * `upstream` span holds its model server's own parts, nested as `upstreamDecode` ... `upstreamEncode`.
   */
  serverTiming?: ServerTiming;
  /** Paper profile: seconds for N sequential requests, one value per repetition. */
  paperSeconds?: number[];
  /**
   * Added: the serving side's resources per prediction in this window (runner/report/cost.ts),
   * and dollars per million predictions at the report's price table.
   */
  cost?: WindowCost & { dollarsPerMillion: number };
  /**
   * Added: arrival-rate windows on the built-in engine: the gaps between the iteration starts it
   * achieved, against an exponential (scenarios/lib/arrival-fit.ts, runner/report/report-arrivals.ts).
   */
  arrivals?: ArrivalFit;
  /** Per-repetition throughput / p50 / p99 where the profile repeats (for noise estimates). */
  repetitions?: { throughputRps: number; p50: number; p99: number }[];
}

export interface ResourceStats {
  cpuPercentMean: number;
  cpuPercentMax: number;
  rssMbMean: number;
  rssMbMax: number;
  samples: number;
}

/** `interrupted` (added): the run was stopped (Ctrl-C / SIGTERM) while this result was measured. */
/** `invalid`: wrong answers in the correctness pass before the first profile, so not measured (see `failure`). */
export type Validity = 'valid' | 'errors' | 'check-failures' | 'generator-saturated' | 'failed' | 'interrupted' | 'invalid';

export interface TargetResult {
  /** `fastify`, `gateway:fastify`, ... */
  target: string;
  paperRole: string;
  protocol: 'rest' | 'grpc';
  profile: string;
  status: 'ok' | 'failed';
  /** Why it failed, and the target's last log lines. */
  failure?: { reason: string; logTail: string };
  validity: Validity[];
  /** Predicts that failed during warm-up: outside every measured window, so not in `validity`. */
  warmupFailures?: number;
  windows: WindowResult[];
  resources?: ResourceStats;
  /** Added: where `resources` came from (process /proc, Docker stats, cAdvisor via InfluxDB), or 'none'. */
  resourceSource?: 'process' | 'docker' | 'cadvisor' | 'none';
  /** Added: why there are no resource figures (never invented). */
  resourcesNotMeasured?: string;
  /** Added: external target (not started by servebench): the address measured. */
  externalUrl?: string;
  /** Load generator's own CPU % while this target ran (saturation check). */
  generatorCpuPercent?: number;
  /** Added: k6's thresholds (check rate, p99 gate) held (k6 exit code 0), when k6 ran. */
  thresholdsOk?: boolean;
  /** Added: why the windows carry no `cost`. */
  costNotComputed?: string;
  /** Added: an arrival-rate profile whose windows carry no `arrivals`, and why (e.g. the load came from k6). */
  arrivalsNotMeasured?: string;
  /** Added: where the raw results for this target/profile live, relative to the run dir. */
  rawDir?: string;
}

export interface RunReport {
  /** Added: 1 for this shape; absent in older reports means the same. */
  schemaVersion?: 1;
  runId: string;
  createdAt: string;
  settings: Record<string, unknown>;
  environment: Record<string, unknown>;
  /** Added: the prices the windows' dollars per million use. */
  prices?: PriceTable;
  results: TargetResult[];
}
