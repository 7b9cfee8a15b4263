/** "Run detail": one run over time, split by k6 scenario (warmup, then one scenario per load level). */
import type { DashboardSpec } from './dashboard-model.ts';
import { BY_TARGET_AND_LEVEL, cpu, errorRates, latency, memory, requestRate, serverBreakdown, virtualUsers } from './panels.ts';
import { RUN_ID_VARIABLE, TARGET_VARIABLE } from './variables.ts';

export const runDetail: DashboardSpec = {
  uid: 'servebench-run-detail',
  title: 'servebench: Run detail',
  description: 'One run over time, per load level (k6 scenario): throughput, latency, errors, server time breakdown, VUs, CPU and memory.',
  variables: [RUN_ID_VARIABLE, TARGET_VARIABLE],
  sections: [
    { title: 'Load', panels: [requestRate(BY_TARGET_AND_LEVEL), virtualUsers()] },
    { title: 'Latency and errors', panels: [latency(95, BY_TARGET_AND_LEVEL), latency(99, BY_TARGET_AND_LEVEL), errorRates(BY_TARGET_AND_LEVEL), serverBreakdown(BY_TARGET_AND_LEVEL)] },
    { title: 'Resources', panels: [cpu(), memory()] },
  ],
};
