/**
 * Server-Timing (RFC: `name;dur=ms, ...`) rendering and parsing, shared by REST and gRPC.
 *
 * Every part is a span of the server that answered, and spans never overlap, so they add up:
 * `decode`, `queue` (waiting for an inference worker), `infer`, `encode` and, for a gateway,
 * `upstream` (the whole round trip to its model server). The upstream's own parts happen
 * *inside* that round trip, so a gateway reports them nested, named `upstream.decode`,
 * `upstream.queue`, `upstream.infer`, `upstream.encode` — never as its own `infer` — and
 * `upstream` minus those is the hop between gateway and model server (network, framing).
 */

/** A server's own parts, in the order they happen. */
export const OWN_PARTS = ['decode', 'queue', 'infer', 'encode'] as const;
export type OwnPart = (typeof OWN_PARTS)[number];

/** An upstream's own part as nested in a gateway's timing: `upstreamInfer` (Server-Timing `upstream.infer`). */
export type NestedPart = `upstream${Capitalize<OwnPart>}`;
export type TimingPart = OwnPart | 'upstream' | NestedPart;

/** Durations in milliseconds, as reported in Server-Timing and gRPC trailing metadata. */
export type ServerTiming = Partial<Record<TimingPart, number>>;

/** The key of an upstream's own part nested inside a gateway's `upstream` span. */
export const nestedPart = (part: OwnPart): NestedPart => `upstream${part[0].toUpperCase()}${part.slice(1)}` as NestedPart;

/** The k6 Trend the scenarios record a part in: `upstreamInfer` -> `server_upstream_infer`. */
const metricOf = (part: TimingPart) => `server_${part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** Every part, in rendering order, with its Server-Timing name and the scenarios' metric. */
export const TIMING_PARTS: readonly { part: TimingPart; name: string; metric: string }[] = [
  ...OWN_PARTS.map((part) => ({ part, name: part })),
  { part: 'upstream' as const, name: 'upstream' },
  ...OWN_PARTS.map((part) => ({ part: nestedPart(part), name: `upstream.${part}` })),
].map((p) => ({ ...p, metric: metricOf(p.part) }));

const BY_NAME = new Map(TIMING_PARTS.map((p) => [p.name, p.part]));

/**
 * A gateway's timing for one forwarded call: `spanMs`, its round trip to the upstream, and the
 * upstream's own parts (its Server-Timing or trailers) nested inside it. An upstream that is
 * itself a gateway nests one level only: its own `upstream` hop stays inside ours.
 */
export function nestUpstream(upstreamOwn: ServerTiming, spanMs: number): ServerTiming {
  const timing: ServerTiming = { upstream: spanMs };
  for (const part of OWN_PARTS) if (upstreamOwn[part] !== undefined) timing[nestedPart(part)] = upstreamOwn[part];
  return timing;
}

export function formatServerTiming(timing: ServerTiming): string {
  return TIMING_PARTS.filter(({ part }) => timing[part] !== undefined)
    .map(({ part, name }) => `${name};dur=${(timing[part] as number).toFixed(3)}`)
    .join(', ');
}

export function parseServerTiming(header: string | undefined | null): ServerTiming {
  const timing: ServerTiming = {};
  if (!header) return timing;
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const part = BY_NAME.get(name);
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (dur && part) {
      const value = Number(dur.slice(4));
      if (Number.isFinite(value)) timing[part] = value;
    }
  }
  return timing;
}
