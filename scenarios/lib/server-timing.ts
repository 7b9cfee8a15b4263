/**
 * The server's own timing parts (decode / queue / infer / encode, and for a gateway its
 * `upstream` span with the upstream's own parts nested inside), from the REST `Server-Timing`
 * header or the gRPC `server-timing` trailer, recorded as k6 Trends (milliseconds):
 * `server_infer`, `server_upstream`, `server_upstream_infer`, ...
 */
import { Trend } from 'k6/metrics';
import { parseServerTiming, TIMING_PARTS, type ServerTiming } from '../../servers/core/server-timing.ts';

export const SERVER_TIMING_METRICS = TIMING_PARTS.map(({ metric }) => metric);

const TRENDS = TIMING_PARTS.map(({ part, metric }) => [part, new Trend(metric, true)] as const);

export { parseServerTiming, type ServerTiming };

/** Adds whichever parts the server reported. */
export function recordServerTiming(timing: ServerTiming): void {
  for (const [part, trend] of TRENDS) {
    const value = timing[part];
    if (value !== undefined) trend.add(value);
  }
}
