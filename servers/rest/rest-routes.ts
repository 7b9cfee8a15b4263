/**
 * TF Serving's REST paths: status, metadata and predict, with optional version or label.
 *   GET  /v1/models/{name}[/versions/{v}|/labels/{l}]
 *   GET  /v1/models/{name}[/versions/{v}|/labels/{l}]/metadata
 *   POST /v1/models/{name}[/versions/{v}|/labels/{l}]:predict
 */
import type { ModelRef } from '../core/model-backend.ts';

export type RouteKind = 'status' | 'metadata' | 'predict' | 'classify' | 'regress';

export interface Route {
  kind: RouteKind;
  model: ModelRef;
}

const PATH = /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+)|\/labels\/([^/:]+))?(?:(\/metadata)|:(predict|classify|regress))?\/?$/;

export const ROUTE_METHOD: Record<RouteKind, string> = {
  status: 'GET',
  metadata: 'GET',
  predict: 'POST',
  classify: 'POST',
  regress: 'POST',
};

/** Matches a path (without query string); null when it is not one of TF Serving's paths. */
export function matchRoute(pathname: string): Route | null {
  const m = PATH.exec(pathname);
  if (!m) return null;
  const [, name, version, label, metadata, verb] = m;
  const kind: RouteKind = metadata ? 'metadata' : ((verb as RouteKind | undefined) ?? 'status');
  const model: ModelRef = { name: decodeURIComponent(name) };
  if (version !== undefined) model.version = version;
  if (label !== undefined) model.versionLabel = decodeURIComponent(label);
  return { kind, model };
}
