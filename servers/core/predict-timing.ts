/**
 * A predict answer's Server-Timing from the front's marks (started, decoded, predicted, encoded)
 * and what the model service measured: a local service's queue and infer, or a forwarding
 * backend's `upstream` span (the upstream's parts nested inside), never this server's `infer`.
 */
import type { ServerTiming } from './server-timing.ts';

export interface TimingMarks {
  started: number;
  decoded: number;
  predicted: number;
  encoded: number;
}

export function predictTiming(marks: TimingMarks, measured: ServerTiming): ServerTiming {
  const forwarded = measured.upstream !== undefined;
  return {
    ...(forwarded ? {} : { infer: marks.predicted - marks.decoded }),
    ...measured,
    decode: marks.decoded - marks.started,
    encode: marks.encoded - marks.predicted,
  };
}
