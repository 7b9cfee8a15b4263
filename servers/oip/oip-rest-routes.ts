/**
 * The Open Inference Protocol's REST paths:
 *   GET  /v2/health/live | /v2/health/ready | /v2
 *   GET  /v2/models/{name}[/versions/{v}]          (model metadata)
 *   GET  /v2/models/{name}[/versions/{v}]/ready
 *   POST /v2/models/{name}[/versions/{v}]/infer
 */
import type { ModelRef } from '../core/model-backend.ts';

export type OipRouteKind = 'live' | 'ready' | 'server-metadata' | 'model-metadata' | 'model-ready' | 'infer';

export interface OipRoute {
  kind: OipRouteKind;
  model?: ModelRef;
}

export const OIP_ROUTE_METHOD: Record<OipRouteKind, string> = {
  live: 'GET',
  ready: 'GET',
  'server-metadata': 'GET',
  'model-metadata': 'GET',
  'model-ready': 'GET',
  infer: 'POST',
};

const SERVER_PATHS: Record<string, OipRouteKind> = { '/v2': 'server-metadata', '/v2/health/live': 'live', '/v2/health/ready': 'ready' };
const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|infer))?$/;

export const isOipPath = (pathname: string): boolean => pathname === '/v2' || pathname.startsWith('/v2/');

/** Matches a path (without query string); null when it is not one of the protocol's paths. */
export function matchOipRoute(pathname: string): OipRoute | null {
  const path = pathname.length > 3 ? pathname.replace(/\/$/, '') : pathname;
  const server = SERVER_PATHS[path];
  if (server) return { kind: server };
  const m = MODEL_PATH.exec(path);
  if (!m) return null;
  const [, name, version, verb] = m;
  const model: ModelRef = { name: decodeURIComponent(name) };
  if (version !== undefined) model.version = decodeURIComponent(version);
  return { kind: verb === 'ready' ? 'model-ready' : verb === 'infer' ? 'infer' : 'model-metadata', model };
}
