/**
 * What both dashboards share, on Grafana's foundation SDK: tags, time range, refresh, shared
 * crosshair, and open rows (a row followed by its panels; the SDK lays them out on the 24-column grid).
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

export function dashboardBase(title: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .tags(['servebench', 'k6'])
    .timezone('browser')
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .version(1)
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' });
}

/**
 * An open (not collapsed) row and its panels. Grafana keeps an open row's panels after it at the
 * top level, not inside it (inside is for collapsed rows only), so they are added to the dashboard.
 */
export function withSection(board: dashboard.DashboardBuilder, title: string, panels: readonly cog.Builder<dashboard.Panel>[]): dashboard.DashboardBuilder {
  return panels.reduce((b, panel) => b.withPanel(panel), board.withRow(new dashboard.RowBuilder(title).collapsed(false)));
}
