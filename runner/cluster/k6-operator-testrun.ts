/**
 * For users who run k6: a k6-operator `TestRun` (k6.io/v1alpha1) over the scenario's ConfigMap.
 * The operator gives each of `parallelism` runners its execution segment and starts them together
 * (its starter pod); every runner tags its points `testrun`, streams to InfluxDB when asked, and
 * runs the official k6 image. The operator splits `arguments` (one string) on spaces, so when a
 * value holds whitespace, quotes or backslashes the exact argv goes in `args` instead (a field
 * k6-operator has since v1.6.0; a non-empty `args` overrides `arguments`).
 */
import type { ClusterOptions } from './cluster-options.ts';
import type { BundledScenario } from './bundle-for-configmap.ts';
import { configMapName, metadata, resourcesOf } from './script-configmap.ts';

/** k6's flags for every runner, as argv. */
export function k6Argv(o: ClusterOptions): string[] {
  const argv: string[] = [];
  if (o.influxdb) argv.push('--out', `influxdb=${o.influxdb}`);
  argv.push('--tag', `testrun=${o.testrun}`);
  for (const [k, v] of Object.entries(o.env)) argv.push('-e', `${k}=${v}`);
  return argv;
}

/** `{arguments}` when every word survives splitting on spaces, else `{args}`. */
export function k6ArgumentFields(o: ClusterOptions): { arguments: string } | { args: string[] } {
  const argv = k6Argv(o);
  return argv.every((w) => w !== '' && !/[\s'"\\]/.test(w)) ? { arguments: argv.join(' ') } : { args: argv };
}

export function k6OperatorTestRun(o: ClusterOptions, bundle: BundledScenario): Record<string, unknown> {
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: metadata(o, o.name),
    spec: {
      parallelism: o.instances,
      separate: o.separate,
      script: { configMap: { name: configMapName(o), file: bundle.file } },
      ...k6ArgumentFields(o),
      runner: { image: o.k6Image, resources: resourcesOf(o) },
    },
  };
}
