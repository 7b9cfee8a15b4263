/**
 * Template variables. The k6 `vus` gauge carries the run's tags for REST and gRPC alike and is
 * written once a second, so it lists every run and every target of a run.
 */
import { K6, RUN_TAGS } from '../../runner/influx/measurements.ts';
import type { VariableSpec } from './dashboard-model.ts';
import { RUN_FILTER, showTagValues } from './influxql.ts';

export const RUN_ID_VARIABLE: VariableSpec = { name: 'run_id', label: 'Run', query: showTagValues(K6.vus, RUN_TAGS.runId), multi: false };

export const TARGET_VARIABLE: VariableSpec = {
  name: 'target',
  label: 'Target',
  query: showTagValues(K6.vus, RUN_TAGS.target, [RUN_FILTER]),
  multi: true,
};
