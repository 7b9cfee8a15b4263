/**
 * The v1 ConfigMap holding the bundled scenario, and the labels every generated resource shares.
 */
import type { ClusterOptions } from './cluster-options.ts';
import type { BundledScenario } from './bundle-for-configmap.ts';

export const configMapName = (o: ClusterOptions) => `${o.name}-script`;

export function commonLabels(o: ClusterOptions): Record<string, string> {
  return { 'app.kubernetes.io/name': 'servebench', 'app.kubernetes.io/instance': o.name, 'servebench.dev/testrun': o.testrun.slice(0, 63) };
}

export function metadata(o: ClusterOptions, name: string): Record<string, unknown> {
  return { name, ...(o.namespace ? { namespace: o.namespace } : {}), labels: commonLabels(o) };
}

export function scriptConfigMap(o: ClusterOptions, bundle: BundledScenario): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(o, configMapName(o)), data: { [bundle.file]: bundle.code } };
}

/** `{requests, limits}` with the same cpu and memory (a load generator should not be throttled below what it asked for). */
export const resourcesOf = (o: ClusterOptions) => ({ requests: { ...o.resources }, limits: { ...o.resources } });
