/** "Architecture comparison": every selected target side by side, one series per target. */
import type { DashboardSpec } from './dashboard-model.ts';
import { BY_TARGET, cpu, errorRates, latency, memory, requestRate, serverTime, summaryTable } from './panels.ts';
import { RUN_ID_VARIABLE, TARGET_VARIABLE } from './variables.ts';

export const architectureComparison: DashboardSpec = {
  uid: 'servebench-comparison',
  title: 'servebench: Architecture comparison',
  description: 'Targets side by side for one or more runs: throughput, latency, errors, server timing, CPU and memory.',
  variables: [{ ...RUN_ID_VARIABLE, multi: true }, TARGET_VARIABLE],
  sections: [
    { title: 'Summary', panels: [summaryTable()] },
    { title: 'Throughput and errors', panels: [requestRate(BY_TARGET), errorRates(BY_TARGET)] },
    { title: 'Latency (client side)', panels: [50, 95, 99].map((p) => ({ ...latency(p, BY_TARGET), width: 8 })) },
    { title: 'Server timing', panels: (['decode', 'infer', 'encode'] as const).map((part) => ({ ...serverTime(part, BY_TARGET), width: 8 })) },
    { title: 'Resources', panels: [cpu(), memory()] },
  ],
};
