/**
 * Which targets a run measures: labels such as `fastify` or `gateway:grpc`, checked against the
 * registry. The default is every Node model server, then a gateway in front of each of them.
 */
import { getTarget, MODEL_SERVERS } from '../../servers/registry.ts';

export interface TargetSpec {
  /** Label in results and reports. */
  label: string;
  /** Registry id of the process that receives the load. */
  targetId: string;
  /** Gateway only: the model server it forwards to. */
  upstreamId?: string;
  /** Protocol the load generator speaks (a gateway is REST whatever its upstream). */
  protocol: 'rest' | 'grpc';
  paperRole: string;
  /** Whether the answers come from the model (false: the canned-answer baseline answers). */
  servesModel: boolean;
}

export function defaultTargetLabels(): string[] {
  return [...MODEL_SERVERS, ...MODEL_SERVERS.map((id) => `gateway:${id}`)];
}

export function parseTargetSpec(label: string): TargetSpec {
  const [id, upstream, ...extra] = label.split(':');
  const entry = getTarget(id);
  if (extra.length) throw new Error(`target "${label}": at most one upstream (gateway:<model-server>)`);
  if (entry.needsUpstream) {
    if (!upstream) throw new Error(`target "${label}" needs an upstream: gateway:<${MODEL_SERVERS.join('|')}>`);
    const up = getTarget(upstream);
    if (up.needsUpstream) throw new Error(`target "${label}": a gateway cannot forward to a gateway`);
    return { label, targetId: id, upstreamId: up.id, protocol: entry.protocol, paperRole: `${entry.paperRole} -> ${up.paperRole}`, servesModel: up.servesModel };
  }
  if (upstream) throw new Error(`target "${label}": only the gateway takes an upstream`);
  return { label, targetId: id, protocol: entry.protocol, paperRole: entry.paperRole, servesModel: entry.servesModel };
}
