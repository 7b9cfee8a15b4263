/**
 * Typed builders for the parts of Grafana's dashboard JSON model we use: InfluxDB query targets,
 * query template variables, time-series / table panels and rows, laid out on the 24-column grid.
 */
export const DATASOURCE = { type: 'influxdb', uid: 'servebench-influxdb' } as const;

export interface InfluxTarget {
  refId: string;
  datasource: typeof DATASOURCE;
  rawQuery: true;
  query: string;
  resultFormat: 'time_series' | 'table';
  alias?: string;
}

export interface QuerySpec {
  query: string;
  /** Legend name, e.g. `$tag_target` or `$tag_target $measurement`. */
  alias?: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  kind: 'timeseries' | 'table';
  /** Grafana unit id: ms, reqps, percentunit, percent, bytes, short. */
  unit: string;
  queries: readonly QuerySpec[];
  /** Grid columns (of 24); default 12. */
  width?: number;
}

export interface Section {
  title: string;
  panels: readonly PanelSpec[];
}

export interface VariableSpec {
  name: string;
  label: string;
  query: string;
  multi: boolean;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  variables: readonly VariableSpec[];
  sections: readonly Section[];
}

const PANEL_HEIGHT = 8;

function targets(panel: PanelSpec): InfluxTarget[] {
  return panel.queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    rawQuery: true,
    query: q.query,
    resultFormat: panel.kind === 'table' ? 'table' : 'time_series',
    ...(q.alias ? { alias: q.alias } : {}),
  }));
}

function panelJson(panel: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }) {
  const common = {
    id,
    type: panel.kind,
    title: panel.title,
    description: panel.description,
    gridPos,
    datasource: DATASOURCE,
    interval: '1s',
    targets: targets(panel),
  };
  if (panel.kind === 'table') {
    return {
      ...common,
      fieldConfig: { defaults: { unit: panel.unit, decimals: 2 }, overrides: [] },
      options: { showHeader: true, cellHeight: 'sm' },
      transformations: [{ id: 'merge', options: {} }],
    };
  }
  return {
    ...common,
    fieldConfig: {
      defaults: { unit: panel.unit, min: 0, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 0, spanNulls: false, showPoints: 'never' } },
      overrides: [],
    },
    options: {
      legend: { showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['mean', 'max'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

function variableJson(v: VariableSpec) {
  return {
    name: v.name,
    label: v.label,
    type: 'query',
    datasource: DATASOURCE,
    query: v.query,
    definition: v.query,
    refresh: 2,
    regex: '',
    sort: 1,
    multi: v.multi,
    includeAll: v.multi,
    current: v.multi ? { selected: true, text: ['All'], value: ['$__all'] } : {},
    options: [],
    hide: 0,
  };
}

/** Rows of panels, two per line unless a panel asks for another width; ids in order. */
function layout(sections: readonly Section[]) {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    panels.push({ id: id++, type: 'row', title: section.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    for (const panel of section.panels) {
      const w = panel.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(panelJson(panel, id++, { x, y, w, h: PANEL_HEIGHT }));
      x += w;
    }
    y += PANEL_HEIGHT;
  }
  return panels;
}

export function dashboardJson(spec: DashboardSpec) {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['servebench', 'k6'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '5s',
    time: { from: 'now-15m', to: 'now' },
    annotations: { list: [] },
    templating: { list: spec.variables.map(variableJson) },
    panels: layout(spec.sections),
  };
}
