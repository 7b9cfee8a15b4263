/**
 * The names InfluxDB sees, in one place: k6's own `--out influxdb` measurements, the scenarios'
 * server-timing Trends, and cAdvisor's resource measurements and tags (so one set of dashboards
 * serves the local runner and cAdvisor in Docker). The sink and the Grafana generator both read it.
 */
import { TIMING_PARTS, type TimingPart } from '../../servers/core/server-timing.ts';

/** cAdvisor's InfluxDB storage driver: one integer field `value` per point. */
export const CADVISOR = {
  /** Cumulative CPU time in nanoseconds (all cores). */
  cpuUsageTotal: 'cpu_usage_total',
  /** Memory usage in bytes (our local runner: RSS). */
  memoryUsage: 'memory_usage',
  /** Working set in bytes (our local runner: the runtime's working set, else RSS). */
  memoryWorkingSet: 'memory_working_set',
  field: 'value',
  containerTag: 'container_name',
  machineTag: 'machine',
} as const;

/** Tags the runner and the scenarios put on every sample. */
export const RUN_TAGS = { runId: 'run_id', target: 'target', profile: 'profile' } as const;

/**
 * The runner's resource points say whose they are: `role` = `target` (the target's processes or
 * container, `container_name` = its label) or `load` (the load engine measuring it, `container_name`
 * = `load`, `target` = the label it loads). cAdvisor's points have no `role`; under compose the load
 * generator is the `load` service, which cAdvisor tags with Docker's compose label.
 */
export const RESOURCE_ROLE = { tag: 'role', target: 'target', load: 'load', loadContainer: 'load', composeServiceTag: 'com.docker.compose.service' } as const;
export type ResourceRole = 'target' | 'load';

/**
 * The runner's resource points also say which part of the profile they fall in, with the tag the
 * scenarios put on every request (`phase`): `warmup` until the warm-up is over, then `measure`, so
 * the comparison dashboard leaves warm-up out of CPU and memory as it does for requests.
 * cAdvisor's points carry no phase: for them the whole time range counts.
 */
export const RESOURCE_PHASE = { tag: 'phase', warmup: 'warmup', measure: 'measure' } as const;
export type ResourcePhase = 'warmup' | 'measure';

/** k6's built-in metrics, as measurements of its InfluxDB v1 output (field `value`). */
export const K6 = {
  httpReqs: 'http_reqs',
  grpcReqs: 'grpc_reqs',
  httpReqDuration: 'http_req_duration',
  grpcReqDuration: 'grpc_req_duration',
  httpReqFailed: 'http_req_failed',
  checks: 'checks',
  vus: 'vus',
  field: 'value',
  /** System tag naming the k6 scenario (warmup, smoke, vus_8, rate_100, ...): one per load level. */
  scenarioTag: 'scenario',
  /** The scenarios tag every request `phase: warmup` or `phase: measure`. */
  phaseTag: 'phase',
  measuredPhase: 'measure',
} as const;

/**
 * The scenarios' server-timing Trends (milliseconds), one per timing part (servers/core/server-timing.ts):
 * `server_infer`, ..., and a gateway's model-server parts nested in its upstream span, `server_upstream_infer`, ...
 */
export const SERVER_TIMING = Object.fromEntries(TIMING_PARTS.map((p) => [p.part, p.metric])) as Record<TimingPart, string>;
