/**
 * The panels both dashboards use, split by whatever tags the dashboard asks for: per target
 * (side by side) or per target and k6 scenario (one load level each). Units follow Grafana's ids.
 */
import { CADVISOR, K6, SERVER_TIMING } from '../../runner/influx/measurements.ts';
import type { PanelSpec } from './dashboard-model.ts';
import { COUNT_PER_SECOND, K6_FILTERS, RESOURCE_FILTERS, select } from './influxql.ts';

/** How a dashboard splits k6 series: the tags to group by and the legend built from them. */
export interface Split {
  tags: readonly string[];
  legend: string;
}

export const BY_TARGET: Split = { tags: ['target'], legend: '$tag_target' };
export const BY_TARGET_AND_LEVEL: Split = { tags: ['target', K6.scenarioTag], legend: '$tag_target $tag_scenario' };

/** Every request, REST or gRPC: k6 counts HTTP requests in http_reqs; gRPC has only grpc_req_duration (no grpc_reqs). */
const REQUESTS = [K6.httpReqs, K6.grpcReqDuration];
const DURATIONS = [K6.httpReqDuration, K6.grpcReqDuration];

export function requestRate(split: Split): PanelSpec {
  return {
    title: 'Requests per second',
    description: 'Completed requests per second (k6 http_reqs; grpc_req_duration samples for gRPC).',
    kind: 'timeseries',
    unit: 'reqps',
    queries: [
      { query: select({ fields: { req_per_s: COUNT_PER_SECOND }, from: REQUESTS, where: K6_FILTERS, groupByTags: split.tags, fill: '0' }), alias: split.legend },
    ],
  };
}

export function latency(percentile: number, split: Split): PanelSpec {
  return {
    title: `Latency p${percentile}`,
    description: `p${percentile} of k6 http_req_duration / grpc_req_duration per interval, as the client saw it.`,
    kind: 'timeseries',
    unit: 'ms',
    queries: [
      {
        query: select({ fields: { [`p${percentile}`]: `percentile("value", ${percentile})` }, from: DURATIONS, where: K6_FILTERS, groupByTags: split.tags, fill: 'none' }),
        alias: split.legend,
      },
    ],
  };
}

export function errorRates(split: Split): PanelSpec {
  return {
    title: 'Error and check-failure rate',
    description: 'Share of HTTP requests k6 counted as failed (http_req_failed), and share of failed checks (wrong status, shape, softmax or class; covers gRPC).',
    kind: 'timeseries',
    unit: 'percentunit',
    queries: [
      { query: select({ fields: { failed_rate: 'mean("value")' }, from: [K6.httpReqFailed], where: K6_FILTERS, groupByTags: split.tags, fill: 'none' }), alias: `${split.legend} http failed` },
      { query: select({ fields: { check_failure_rate: '1 - mean("value")' }, from: [K6.checks], where: K6_FILTERS, groupByTags: split.tags, fill: 'none' }), alias: `${split.legend} checks failed` },
    ],
  };
}

export function serverTime(part: keyof typeof SERVER_TIMING, split: Split): PanelSpec {
  return {
    title: `Server ${part} time`,
    description: `Mean ${part} time the target reported itself (Server-Timing header / gRPC trailer), k6 Trend ${SERVER_TIMING[part]}.`,
    kind: 'timeseries',
    unit: 'ms',
    queries: [
      { query: select({ fields: { [`${part}_ms`]: 'mean("value")' }, from: [SERVER_TIMING[part]], where: K6_FILTERS, groupByTags: split.tags, fill: 'none' }), alias: split.legend },
    ],
  };
}

export function serverBreakdown(split: Split): PanelSpec {
  return {
    title: 'Where the server time goes',
    description: 'Mean decode / infer / encode (/ upstream for gateways) time reported by the target, one series per part.',
    kind: 'timeseries',
    unit: 'ms',
    queries: [
      { query: select({ fields: { mean_ms: 'mean("value")' }, from: Object.values(SERVER_TIMING), where: K6_FILTERS, groupByTags: split.tags, fill: 'none' }), alias: `${split.legend} $measurement` },
    ],
  };
}

export function virtualUsers(): PanelSpec {
  return {
    title: 'Virtual users',
    description: 'k6 VUs running (gauge vus).',
    kind: 'timeseries',
    unit: 'short',
    queries: [{ query: select({ fields: { vus: 'max("value")' }, from: [K6.vus], where: K6_FILTERS, groupByTags: ['target'], fill: 'none' }), alias: '$tag_target' }],
  };
}

export function cpu(): PanelSpec {
  return {
    title: 'CPU',
    description: 'CPU of each target in % of one core (200 = two cores), from cAdvisor-style cpu_usage_total (cumulative ns): the runner\'s sampler or cAdvisor in Docker.',
    kind: 'timeseries',
    unit: 'percent',
    queries: [
      {
        query: select({
          fields: { cpu_percent: `non_negative_derivative(max("${CADVISOR.field}"), 1s) / 10000000` },
          from: [CADVISOR.cpuUsageTotal],
          where: RESOURCE_FILTERS,
          groupByTags: [CADVISOR.containerTag],
          fill: 'none',
        }),
        alias: '$tag_container_name',
      },
    ],
  };
}

export function memory(): PanelSpec {
  const query = (measurement: string, alias: string) =>
    select({ fields: { [alias]: `max("${CADVISOR.field}")` }, from: [measurement], where: RESOURCE_FILTERS, groupByTags: [CADVISOR.containerTag], fill: 'none' });
  return {
    title: 'Memory',
    description: 'Memory of each target: memory_usage (RSS for local processes) and memory_working_set, cAdvisor names.',
    kind: 'timeseries',
    unit: 'bytes',
    queries: [
      { query: query(CADVISOR.memoryUsage, 'usage_bytes'), alias: '$tag_container_name usage' },
      { query: query(CADVISOR.memoryWorkingSet, 'working_set_bytes'), alias: '$tag_container_name working set' },
    ],
  };
}

export function summaryTable(): PanelSpec {
  const overRange = { where: K6_FILTERS, groupByTags: ['target'], overTime: false } as const;
  return {
    title: 'Side by side over the selected time range',
    description: 'Per target: requests, latency percentiles, HTTP failure rate and check-failure rate over the whole range.',
    kind: 'table',
    unit: 'short',
    width: 24,
    queries: [
      {
        query: select({
          fields: { requests: 'count("value")', p50_ms: 'percentile("value", 50)', p95_ms: 'percentile("value", 95)', p99_ms: 'percentile("value", 99)' },
          from: DURATIONS,
          ...overRange,
        }),
      },
      { query: select({ fields: { http_failed_rate: 'mean("value")' }, from: [K6.httpReqFailed], ...overRange }) },
      { query: select({ fields: { check_failure_rate: '1 - mean("value")' }, from: [K6.checks], ...overRange }) },
    ],
  };
}
