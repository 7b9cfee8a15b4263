/**
 * `servebench cluster <script> --instances N --target URL`: the Kubernetes manifests for one test
 * split across N instances, for the built-in engine (ConfigMap + Indexed Job), for k6-operator
 * (ConfigMap + TestRun), or both, as YAML (or JSON) on stdout or in a file. Exits 2 on bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleForConfigMap } from './bundle-for-configmap.ts';
import { CLUSTER_USAGE, ClusterError, parseClusterOptions, type ClusterOptions } from './cluster-options.ts';
import { indexedJob } from './indexed-job.ts';
import { k6OperatorTestRun } from './k6-operator-testrun.ts';
import { scriptConfigMap } from './script-configmap.ts';
import { toYaml } from './yaml-text.ts';

/** The manifests, in apply order (the ConfigMap first). */
export async function clusterManifests(o: ClusterOptions): Promise<Record<string, unknown>[]> {
  const bundle = await bundleForConfigMap(o.script);
  const docs: Record<string, unknown>[] = [scriptConfigMap(o, bundle)];
  if (o.engine !== 'k6') docs.push(indexedJob(o, bundle));
  if (o.engine !== 'servebench') docs.push(k6OperatorTestRun(o, bundle));
  return docs;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(CLUSTER_USAGE);
    return 0;
  }
  let text: string;
  let options: ClusterOptions;
  try {
    options = parseClusterOptions(argv);
    const docs = await clusterManifests(options);
    text = options.format === 'json' ? `${JSON.stringify(docs.length === 1 ? docs[0] : { apiVersion: 'v1', kind: 'List', items: docs }, null, 2)}\n` : toYaml(docs);
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    process.stderr.write(`servebench cluster: ${err.message}\n`);
    return 2;
  }
  if (options.out) {
    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    writeFileSync(resolve(options.out), text);
    process.stderr.write(`wrote ${options.out}; apply it before ${new Date(options.startAt).toISOString()} (the instances' shared start)\n`);
  } else process.stdout.write(text);
  return 0;
}
