/**
 * Where a request's time went, without counting anything twice. Each span is broken into
 * parts that do not overlap, so parts + rest = the span:
 * - `client`: the latency the load engine saw = the answering server's own decode / queue /
 *   infer / encode + (for a gateway) its `upstream` round trip + rest (network, framing, the
 *   load generator);
 * - `upstream` (gateways only): that round trip = the model server's own parts (nested in the
 *   gateway's timing as `upstream.infer`, ...) + rest (the hop between gateway and model server).
 */
import { nestedPart, OWN_PARTS, type OwnPart, type ServerTiming } from '../../servers/core/server-timing.ts';

export interface SpanBreakdown {
  span: 'client' | 'upstream';
  /** Mean ms of the whole span. */
  total: number;
  parts: Partial<Record<OwnPart, number>>;
  /** The gateway's upstream round trip (client span of a gateway only); broken down in the next span. */
  upstream?: number;
  /** total − parts − upstream. */
  rest: number;
}

const sum = (xs: (number | undefined)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

export function timeBreakdown(clientMeanMs: number, timing: ServerTiming): SpanBreakdown[] {
  const own = Object.fromEntries(OWN_PARTS.filter((p) => timing[p] !== undefined).map((p) => [p, timing[p]]));
  const client: SpanBreakdown = { span: 'client', total: clientMeanMs, parts: own, rest: clientMeanMs - sum(Object.values(own)) - (timing.upstream ?? 0) };
  if (timing.upstream === undefined) return [client];
  const nested = Object.fromEntries(OWN_PARTS.filter((p) => timing[nestedPart(p)] !== undefined).map((p) => [p, timing[nestedPart(p)]]));
  return [
    { ...client, upstream: timing.upstream },
    { span: 'upstream', total: timing.upstream, parts: nested, rest: timing.upstream - sum(Object.values(nested)) },
  ];
}
