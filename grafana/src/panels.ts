/**
 * The panels both dashboards use, built with Grafana's foundation SDK, split by whatever the
 * dashboard asks for: per target over the measured window (side by side, warm-up left out) or per
 * target and k6 scenario (one series per load level, the warm-up one of them). Units are Grafana's ids.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { CADVISOR, K6, SERVER_TIMING } from '../../runner/influx/measurements.ts';
import { nestedPart, type OwnPart } from '../../servers/core/server-timing.ts';
import { DATASOURCE } from './datasource.ts';
import { InfluxQueryBuilder } from './influx-query.ts';
import {
  COUNT_PER_SECOND,
  K6_FILTERS,
  LOAD_RESOURCE_FILTERS,
  LOAD_RESOURCE_GROUPS,
  NOT_WARMUP,
  MEASURED_K6_FILTERS,
  select,
  TARGET_RESOURCE_FILTERS,
  TARGET_RESOURCE_GROUPS,
} from './influxql.ts';

/** How a dashboard splits and filters k6 series: the conditions, the tags to group by, the legend built from them. */
export interface Split {
  where: readonly string[];
  tags: readonly string[];
  legend: string;
}

/** Side by side: one series per target, measured window only. */
export const BY_TARGET: Split = { where: MEASURED_K6_FILTERS, tags: ['target'], legend: '$tag_target' };
/** Over time: one series per target and k6 scenario (warmup, vus_8, rate_100, ...). */
export const BY_TARGET_AND_LEVEL: Split = { where: K6_FILTERS, tags: ['target', K6.scenarioTag], legend: '$tag_target $tag_scenario' };

/** Every request, REST or gRPC: k6 counts HTTP requests in http_reqs; gRPC has only grpc_req_duration (no grpc_reqs). */
const REQUESTS = [K6.httpReqs, K6.grpcReqDuration];
const DURATIONS = [K6.httpReqDuration, K6.grpcReqDuration];
const PANEL_HEIGHT = 8;

/** A time-series panel on the InfluxDB datasource; `width` in grid columns (of 24). */
function timeSeries(title: string, description: string, unit: string, queries: InfluxQueryBuilder[], width = 12): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .interval('1s')
    .unit(unit)
    .min(0)
    .span(width)
    .height(PANEL_HEIGHT)
    .drawStyle(common.GraphDrawStyle.Line)
    .lineWidth(1)
    .fillOpacity(0)
    .spanNulls(false)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Bottom).calcs(['mean', 'max']))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .targets(queries.map((q, i) => q.refId(String.fromCharCode(65 + i))));
}

const query = (text: string, alias: string) => new InfluxQueryBuilder(text).alias(alias);

export function requestRate(split: Split) {
  return timeSeries('Requests per second', 'Completed requests per second (k6 http_reqs; grpc_req_duration samples for gRPC).', 'reqps', [
    query(select({ fields: { req_per_s: COUNT_PER_SECOND }, from: REQUESTS, where: split.where, groupByTags: split.tags, fill: '0' }), split.legend),
  ]);
}

export function latency(percentile: number, split: Split, width?: number) {
  return timeSeries(`Latency p${percentile}`, `p${percentile} of k6 http_req_duration / grpc_req_duration per interval, as the client saw it.`, 'ms', [
    query(select({ fields: { [`p${percentile}`]: `percentile("value", ${percentile})` }, from: DURATIONS, where: split.where, groupByTags: split.tags, fill: 'none' }), split.legend),
  ], width);
}

export function errorRates(split: Split) {
  return timeSeries(
    'Error and check-failure rate',
    'Share of HTTP requests k6 counted as failed (http_req_failed), and share of failed checks (wrong status, shape, softmax or class; covers gRPC).',
    'percentunit',
    [
      query(select({ fields: { failed_rate: 'mean("value")' }, from: [K6.httpReqFailed], where: split.where, groupByTags: split.tags, fill: 'none' }), `${split.legend} http failed`),
      query(select({ fields: { check_failure_rate: '1 - mean("value")' }, from: [K6.checks], where: split.where, groupByTags: split.tags, fill: 'none' }), `${split.legend} checks failed`),
    ],
  );
}

/** Parts a gateway never has itself (it runs no model): its model server's, nested in its upstream span, stand in for them. */
const MODEL_PARTS: readonly OwnPart[] = ['queue', 'infer'];

export function serverTime(part: OwnPart, split: Split, width?: number) {
  const nested = MODEL_PARTS.includes(part) ? SERVER_TIMING[nestedPart(part)] : undefined;
  const trends = [SERVER_TIMING[part], ...(nested ? [nested] : [])];
  return timeSeries(`Server ${part} time`, `Mean ${part} time the target reported itself (Server-Timing header / gRPC trailer), k6 Trend ${trends[0]}${nested ? `; for a gateway, its model server's, nested in the gateway's upstream span (${nested})` : ''}.`, 'ms', [
    query(select({ fields: { [`${part}_ms`]: 'mean("value")' }, from: trends, where: split.where, groupByTags: split.tags, fill: 'none' }), split.legend),
  ], width);
}

export function serverBreakdown(split: Split) {
  return timeSeries('Where the server time goes', 'Mean decode / queue / infer / encode time reported by the target, one series per part; for a gateway also its upstream span and, nested inside it, its model server\'s own parts (server_upstream_*).', 'ms', [
    query(select({ fields: { mean_ms: 'mean("value")' }, from: Object.values(SERVER_TIMING), where: split.where, groupByTags: split.tags, fill: 'none' }), `${split.legend} $measurement`),
  ]);
}

export function virtualUsers() {
  return timeSeries('Virtual users', 'k6 VUs running (gauge vus).', 'short', [
    query(select({ fields: { vus: 'max("value")' }, from: [K6.vus], where: K6_FILTERS, groupByTags: ['target'], fill: 'none' }), '$tag_target'),
  ]);
}

/** % of one core (200 = two cores) from a cumulative CPU nanosecond counter. */
const CPU_PERCENT = `non_negative_derivative(max("${CADVISOR.field}"), 1s) / 10000000`;

/** A CPU panel over cAdvisor-style cpu_usage_total points chosen by `where`, split by `groups`. */
function cpuPanel(title: string, description: string, where: readonly string[], groups: readonly string[], legend: string, width?: number) {
  return timeSeries(title, description, 'percent', [query(select({ fields: { cpu_percent: CPU_PERCENT }, from: [CADVISOR.cpuUsageTotal], where, groupByTags: groups, fill: 'none' }), legend)], width);
}

/** With `measured`, the runner's warm-up samples are left out (phase != warmup; cAdvisor's have no phase). */
const resourceWhere = (filters: readonly string[], measured: boolean) => (measured ? [...filters, NOT_WARMUP] : filters);
const MEASURED_NOTE = ' Warm-up left out (the runner tags its samples with the phase; cAdvisor\'s points have none and are all shown).';

export const cpu = (width?: number, measured = false) =>
  cpuPanel(
    'CPU (targets)',
    `CPU of each target in % of one core (200 = two cores), from cAdvisor-style cpu_usage_total (cumulative ns): the runner's sampler, or cAdvisor for compose's containers (named after their targets).${measured ? MEASURED_NOTE : ''}`,
    resourceWhere(TARGET_RESOURCE_FILTERS, measured),
    TARGET_RESOURCE_GROUPS,
    '$tag_container_name $tag_run_id',
    width,
  );

export const loadGeneratorCpu = (width?: number, measured = false) =>
  cpuPanel(
    'CPU (load generator)',
    `The load engine's own CPU while it drives each target, in % of one core: if it nears the cores it may use, the client, not the target, is the limit.${measured ? MEASURED_NOTE : ''}`,
    resourceWhere(LOAD_RESOURCE_FILTERS, measured),
    LOAD_RESOURCE_GROUPS,
    'load -> $tag_target $tag_run_id',
    width,
  );

export function memory(width?: number, measured = false) {
  const where = resourceWhere(TARGET_RESOURCE_FILTERS, measured);
  const memoryQuery = (measurement: string, alias: string, legend: string) =>
    query(select({ fields: { [alias]: `max("${CADVISOR.field}")` }, from: [measurement], where, groupByTags: TARGET_RESOURCE_GROUPS, fill: 'none' }), legend);
  return timeSeries('Memory (targets)', `Memory of each target: memory_usage (RSS for local processes) and memory_working_set, cAdvisor names.${measured ? MEASURED_NOTE : ''}`, 'bytes', [
    memoryQuery(CADVISOR.memoryUsage, 'usage_bytes', '$tag_container_name $tag_run_id usage'),
    memoryQuery(CADVISOR.memoryWorkingSet, 'working_set_bytes', '$tag_container_name $tag_run_id working set'),
  ], width);
}

/** Target CPU, the load generator's CPU beside it, and memory: one line of the grid; `measured`: warm-up left out. */
export const resources = (measured = false) => [cpu(8, measured), loadGeneratorCpu(8, measured), memory(8, measured)];

export function summaryTable() {
  const overRange = { where: MEASURED_K6_FILTERS, groupByTags: ['target'], overTime: false } as const;
  const tableQuery = (text: string) => new InfluxQueryBuilder(text).resultFormat('table');
  return new table.PanelBuilder()
    .title('Side by side over the selected time range (measured window)')
    .description('Per target, warm-up left out (phase = measure): requests, latency percentiles, HTTP failure rate and check-failure rate over the whole range.')
    .datasource(DATASOURCE)
    .interval('1s')
    .unit('short')
    .decimals(2)
    .span(24)
    .height(PANEL_HEIGHT)
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .withTransformation({ id: 'merge', options: {} })
    .targets(
      [
        tableQuery(
          select({
            fields: { requests: 'count("value")', p50_ms: 'percentile("value", 50)', p95_ms: 'percentile("value", 95)', p99_ms: 'percentile("value", 99)' },
            from: DURATIONS,
            ...overRange,
          }),
        ),
        tableQuery(select({ fields: { http_failed_rate: 'mean("value")' }, from: [K6.httpReqFailed], ...overRange })),
        tableQuery(select({ fields: { check_failure_rate: '1 - mean("value")' }, from: [K6.checks], ...overRange })),
      ].map((q, i) => q.refId(String.fromCharCode(65 + i))),
    );
}
