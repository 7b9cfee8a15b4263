/** The dashboards we ship, each with the file it is written to under grafana/dashboards/. */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { architectureComparison } from './architecture-comparison.ts';
import { runDetail } from './run-detail.ts';

export const DASHBOARDS: readonly { file: string; build(): dashboard.DashboardBuilder }[] = [
  { file: 'architecture-comparison.json', build: architectureComparison },
  { file: 'run-detail.json', build: runDetail },
];

/** The SDK leaves panel ids to Grafana; fixed ones, in grid order, keep the committed JSON stable. */
function numberPanels(model: dashboard.Dashboard): dashboard.Dashboard {
  (model.panels ?? []).forEach((panel, i) => {
    panel.id = i + 1;
  });
  return model;
}

/** The exact text written to disk (the SDK's model, 2-space indent, trailing newline). */
export function renderDashboard(board: dashboard.DashboardBuilder): string {
  return `${JSON.stringify(numberPanels(board.build()), null, 2)}\n`;
}
