/**
 * Template variables. The k6 `vus` gauge carries the run's tags for REST and gRPC alike and is
 * written once a second, so it lists every run and every target of a run.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { K6, RUN_TAGS } from '../../runner/influx/measurements.ts';
import { DATASOURCE } from './datasource.ts';
import { RUN_FILTER, showTagValues } from './influxql.ts';

function tagValues(name: string, label: string, query: string, multi: boolean): dashboard.QueryVariableBuilder {
  const variable = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .regex('')
    .multi(multi)
    .includeAll(multi);
  return multi ? variable.current({ selected: true, text: ['All'], value: ['$__all'] }) : variable;
}

/** One run (run detail) or several (comparison). */
export const runIdVariable = (multi: boolean) => tagValues('run_id', 'Run', showTagValues(K6.vus, RUN_TAGS.runId), multi);

export const targetVariable = () => tagValues('target', 'Target', showTagValues(K6.vus, RUN_TAGS.target, [RUN_FILTER]), true);
