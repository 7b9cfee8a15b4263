/** What every bench:loadgen peer prints on stdout as its last line: one JSON object, measured by the shared closed loop. */
import { percentile, runClosedLoop } from '../closed-loop.ts';

export interface PeerReport {
  requests: number;
  errors: number;
  /** CPU of the client process (all threads) while it sent, in ms. */
  cpuMs: number;
  elapsedMs: number;
  p50: number;
  p99: number;
}

export function report(r: PeerReport): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

export const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};

/** `concurrency` copies of `call` back to back for `seconds`, with this process's CPU over the loop; then the report. */
export async function measurePeer(call: () => Promise<void>, concurrency: number, seconds: number): Promise<void> {
  const cpu = process.cpuUsage();
  const { latencies, errors, elapsedMs } = await runClosedLoop(Array.from({ length: concurrency }, () => call), seconds * 1000);
  const cpuMs = cpuMsSince(cpu);
  report({ requests: latencies.length + errors, errors, cpuMs, elapsedMs, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
}
