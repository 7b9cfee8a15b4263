/**
 * Server timing in gRPC trailing metadata: one `x-servebench-<phase>-ms` key per phase
 * (decode, infer, encode, upstream) and one `server-timing` key in HTTP Server-Timing syntax
 * (`decode;dur=0.120, infer;dur=3.400, encode;dur=0.050`). Values are milliseconds.
 */
import { Metadata } from '@grpc/grpc-js';
import type { ServerTiming } from '../core/model-backend.ts';
import { formatServerTiming } from '../core/server-timing.ts';

export const TIMING_PHASES = ['decode', 'infer', 'encode', 'upstream'] as const;
export const SERVER_TIMING_KEY = 'server-timing';
export const timingKey = (phase: (typeof TIMING_PHASES)[number]) => `x-servebench-${phase}-ms`;

export function timingToMetadata(timing: ServerTiming, metadata = new Metadata()): Metadata {
  for (const phase of TIMING_PHASES) {
    const ms = timing[phase];
    if (ms !== undefined) metadata.set(timingKey(phase), ms.toFixed(3));
  }
  const header = formatServerTiming(timing);
  if (header) metadata.set(SERVER_TIMING_KEY, header);
  return metadata;
}

/** Reads the per-phase keys back (the gateway reports its upstream's own timing). */
export function timingFromMetadata(metadata: Metadata | undefined): ServerTiming {
  const timing: ServerTiming = {};
  if (!metadata) return timing;
  for (const phase of TIMING_PHASES) {
    const [value] = metadata.get(timingKey(phase));
    const ms = Number(value);
    if (value !== undefined && Number.isFinite(ms)) timing[phase] = ms;
  }
  return timing;
}
