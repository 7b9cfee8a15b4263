/**
 * Server timing in gRPC trailing metadata: one `server-timing` key in HTTP Server-Timing
 * syntax (`decode;dur=0.120, infer;dur=3.400, encode;dur=0.050`), milliseconds, exactly as
 * the REST targets send it in their header — one format, one parser.
 */
import { Metadata } from '@grpc/grpc-js';
import type { ServerTiming } from '../core/model-backend.ts';
import { formatServerTiming, parseServerTiming } from '../core/server-timing.ts';

export const SERVER_TIMING_KEY = 'server-timing';

export function timingToMetadata(timing: ServerTiming, metadata = new Metadata()): Metadata {
  const header = formatServerTiming(timing);
  if (header) metadata.set(SERVER_TIMING_KEY, header);
  return metadata;
}

/** Reads the timing back (the gateway reports its upstream's own timing). */
export function timingFromMetadata(metadata: Metadata | undefined): ServerTiming {
  const [value] = metadata?.get(SERVER_TIMING_KEY) ?? [];
  return parseServerTiming(typeof value === 'string' ? value : value?.toString());
}
