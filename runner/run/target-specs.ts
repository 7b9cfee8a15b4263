/**
 * Which targets a run measures: labels such as `fastify` or `gateway:grpc`, checked against the
 * registry, or external targets `name=URL` (any server speaking TF Serving's REST API at http(s)://
 * or its gRPC API at grpc://; the Open Inference Protocol's at oip+http(s):// or oip+grpc://,
 * measured without being started). The default is every Node model
 * server, then a gateway in front of each of them.
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
  /** External target: the address it already listens on (servebench neither starts nor stops it). */
  externalUrl?: string;
  /** Its scenario entry, `scenarios/<scenario>.ts`: see scenarioEntry(). */
  scenario: string;
  /** External target: the API it speaks (TF Serving's unless its URL starts with `oip+`). */
  api?: ExternalApi;
}

/** The APIs an external target can speak: `name=http://...` is TF Serving's, `name=oip+http://...` the Open Inference Protocol's. */
export type ExternalApi = 'tfserving' | 'oip';
const OIP_PREFIX = 'oip+';

/** The API an external target speaks, which names its (protocol-generic) scenario entry. */
export const EXTERNAL_API = 'tfserving';

/**
 * The one naming rule for scenario entries: `<who>-<protocol>` (protocol `rest` or `grpc`), where
 * `who` is the registry id of the target that receives the load, or, for a protocol-generic entry
 * run against any server, the API it speaks (`tfserving-rest`, `tfserving-grpc`, `oip-rest`, ...).
 */
export function scenarioEntry(who: string, protocol: TargetSpec['protocol']): string {
  return `${who}-${protocol}`;
}

/** Registry-free id of every external target (its scenario is the generic `<EXTERNAL_API>-<protocol>` entry). */
export const EXTERNAL_TARGET_ID = 'external';
export const EXTERNAL_PAPER_ROLE = 'external';

/** The label a `--targets` item stands for in results (`mytfs=http://...` -> `mytfs`). */
export function targetLabel(item: string): string {
  const eq = item.indexOf('=');
  return eq < 0 ? item : item.slice(0, eq);
}

function parseExternal(item: string): TargetSpec {
  const label = targetLabel(item);
  const given = item.slice(label.length + 1);
  const api: ExternalApi = given.startsWith(OIP_PREFIX) ? 'oip' : 'tfserving';
  const address = api === 'oip' ? given.slice(OIP_PREFIX.length) : given;
  if (!/^[A-Za-z0-9][\w.-]*$/.test(label)) throw new Error(`target "${item}": the name before = may hold letters, digits, . _ - only`);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`target "${item}": "${address}" is not a URL (http://host:port for REST, grpc://host:port for gRPC)`);
  }
  const protocol = url.protocol === 'grpc:' ? 'grpc' : url.protocol === 'http:' || url.protocol === 'https:' ? 'rest' : undefined;
  if (!protocol) throw new Error(`target "${item}": use http://, https:// (REST) or grpc:// (gRPC), with oip+ before it for the Open Inference Protocol, not ${url.protocol}`);
  if (!url.port && protocol === 'grpc') throw new Error(`target "${item}": a gRPC address needs a port (grpc://host:8500)`);
  if (url.pathname !== '/' && url.pathname !== '' && protocol === 'grpc') throw new Error(`target "${item}": a gRPC address has no path`);
  const externalUrl = protocol === 'grpc' ? `grpc://${url.host}` : `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const scenario = scenarioEntry(api === 'oip' ? 'oip' : EXTERNAL_API, protocol);
  return { label, targetId: EXTERNAL_TARGET_ID, protocol, paperRole: EXTERNAL_PAPER_ROLE, servesModel: true, externalUrl, scenario, api };
}

export function defaultTargetLabels(): string[] {
  return [...MODEL_SERVERS, ...MODEL_SERVERS.map((id) => `gateway:${id}`)];
}

export function parseTargetSpec(label: string): TargetSpec {
  if (label.includes('=')) return parseExternal(label);
  const [id, upstream, ...extra] = label.split(':');
  const entry = getTarget(id);
  if (extra.length) throw new Error(`target "${label}": at most one upstream (gateway:<model-server>)`);
  if (entry.needsUpstream) {
    if (!upstream) throw new Error(`target "${label}" needs an upstream: gateway:<${MODEL_SERVERS.join('|')}>`);
    const up = getTarget(upstream);
    if (up.needsUpstream) throw new Error(`target "${label}": a gateway cannot forward to a gateway`);
    return { label, targetId: id, upstreamId: up.id, protocol: entry.protocol, paperRole: `${entry.paperRole} -> ${up.paperRole}`, servesModel: up.servesModel, scenario: scenarioEntry(id, entry.protocol) };
  }
  if (upstream) throw new Error(`target "${label}": only the gateway takes an upstream`);
  return { label, targetId: id, protocol: entry.protocol, paperRole: entry.paperRole, servesModel: entry.servesModel, scenario: scenarioEntry(id, entry.protocol) };
}
