/** "Run detail": one run over time, split by k6 scenario (warmup, then one scenario per load level). */
import { dashboardBase, withSection } from './dashboard-base.ts';
import { BY_TARGET_AND_LEVEL, errorRates, latency, requestRate, resources, serverBreakdown, virtualUsers } from './panels.ts';
import { runIdVariable, targetVariable } from './variables.ts';

export function runDetail() {
  let board = dashboardBase('servebench: Run detail')
    .uid('servebench-run-detail')
    .description('One run over time, per load level (k6 scenario, the warm-up one of them): throughput, latency, errors, server time breakdown, VUs; CPU and memory of the targets and of the load generator.')
    .variables([runIdVariable(false), targetVariable()]);
  board = withSection(board, 'Load', [requestRate(BY_TARGET_AND_LEVEL), virtualUsers()]);
  board = withSection(board, 'Latency and errors', [latency(95, BY_TARGET_AND_LEVEL), latency(99, BY_TARGET_AND_LEVEL), errorRates(BY_TARGET_AND_LEVEL), serverBreakdown(BY_TARGET_AND_LEVEL)]);
  return withSection(board, 'Resources', resources());
}
