/** "Architecture comparison": every selected target side by side over the measured window (warm-up left out), one series per target. */
import { dashboardBase, withSection } from './dashboard-base.ts';
import { BY_TARGET, errorRates, latency, requestRate, resources, serverTime, summaryTable } from './panels.ts';
import { runIdVariable, targetVariable } from './variables.ts';

export function architectureComparison() {
  let board = dashboardBase('servebench: Architecture comparison')
    .uid('servebench-comparison')
    .description('Targets side by side for one or more runs, warm-up left out: throughput, latency, errors, server timing; CPU and memory of the targets and of the load generator.')
    .variables([runIdVariable(true), targetVariable()]);
  board = withSection(board, 'Summary', [summaryTable()]);
  board = withSection(board, 'Throughput and errors', [requestRate(BY_TARGET), errorRates(BY_TARGET)]);
  board = withSection(board, 'Latency (client side)', [50, 95, 99].map((p) => latency(p, BY_TARGET, 8)));
  board = withSection(board, 'Server timing', (['decode', 'infer', 'encode'] as const).map((part) => serverTime(part, BY_TARGET, 8)));
  return withSection(board, 'Resources', resources(true));
}
