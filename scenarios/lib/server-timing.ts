/**
 * The server's own decode / queue / infer / encode (/ upstream) times, from the REST `Server-Timing`
 * header or the gRPC `server-timing` trailer, recorded as k6 Trends (milliseconds).
 */
import { Trend } from 'k6/metrics';
import { parseServerTiming, type ServerTiming } from '../../servers/core/server-timing.ts';

export const SERVER_TIMING_METRICS = ['server_decode', 'server_queue', 'server_infer', 'server_encode', 'server_upstream'] as const;

const PARTS = ['decode', 'queue', 'infer', 'encode', 'upstream'] as const;
const TRENDS = SERVER_TIMING_METRICS.map((name) => new Trend(name, true));

export { parseServerTiming, type ServerTiming };

/** Adds whichever parts the server reported. */
export function recordServerTiming(timing: ServerTiming): void {
  PARTS.forEach((part, i) => {
    const value = timing[part];
    if (value !== undefined) TRENDS[i].add(value);
  });
}
