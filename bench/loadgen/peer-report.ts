/** What every bench:loadgen peer prints on stdout as its last line: one JSON object. */
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
