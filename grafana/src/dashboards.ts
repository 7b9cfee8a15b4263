/** The dashboards we ship, each with the file it is written to under grafana/dashboards/. */
import { architectureComparison } from './architecture-comparison.ts';
import { dashboardJson, type DashboardSpec } from './dashboard-model.ts';
import { runDetail } from './run-detail.ts';

export const DASHBOARDS: readonly { file: string; spec: DashboardSpec }[] = [
  { file: 'architecture-comparison.json', spec: architectureComparison },
  { file: 'run-detail.json', spec: runDetail },
];

/** The exact text written to disk (stable key order, 2-space indent, trailing newline). */
export function renderDashboard(spec: DashboardSpec): string {
  return `${JSON.stringify(dashboardJson(spec), null, 2)}\n`;
}
