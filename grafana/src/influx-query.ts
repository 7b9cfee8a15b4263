/**
 * An InfluxDB (InfluxQL) panel query for Grafana's foundation SDK. The SDK ships typed query
 * builders for many datasources but none for InfluxDB, so this is the one piece written here: a
 * `cog.Builder<cog.Dataquery>` producing exactly the target Grafana's InfluxDB plugin stores for a
 * raw query (`rawQuery`, `query`, `resultFormat`, `alias`).
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DATASOURCE } from './datasource.ts';

export interface InfluxQuery extends cog.Dataquery {
  refId: string;
  datasource: typeof DATASOURCE;
  rawQuery: true;
  query: string;
  resultFormat: 'time_series' | 'table';
  alias?: string;
}

export class InfluxQueryBuilder implements cog.Builder<InfluxQuery> {
  private readonly internal: Omit<InfluxQuery, '_implementsDataqueryVariant'>;

  constructor(query: string) {
    this.internal = { refId: 'A', datasource: DATASOURCE, rawQuery: true, query, resultFormat: 'time_series' };
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  /** `table` for one row per series over the whole range (table panels). */
  resultFormat(format: InfluxQuery['resultFormat']): this {
    this.internal.resultFormat = format;
    return this;
  }

  /** Legend name, e.g. `$tag_target` or `$tag_target $measurement`. */
  alias(alias: string): this {
    this.internal.alias = alias;
    return this;
  }

  build(): InfluxQuery {
    // The variant marker only types the object for the SDK; JSON.stringify leaves it out.
    return { ...this.internal, _implementsDataqueryVariant: () => {} };
  }
}
