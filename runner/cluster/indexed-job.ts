/**
 * For the built-in engine: an Indexed Job (batch/v1) of N pods of the servebench image. Pod
 * JOB_COMPLETION_INDEX = i runs `servebench load --execution-segment i/N:(i+1)/N` with the one
 * shared `--execution-segment-sequence 0,1/N,…,1`, waits for the shared `--start-at` after its VU
 * init (so pods that come up at different times still start together), tags its points
 * `instance_id=i` and `testrun`, and leaves its mergeable result (`--result-out`) on the results
 * claim, or as one JSON line in its log. No retries (backoffLimit 0): a rerun pod would start
 * late and count its share twice.
 */
import type { ClusterOptions } from './cluster-options.ts';
import type { BundledScenario } from './bundle-for-configmap.ts';
import { commonLabels, configMapName, metadata, resourcesOf } from './script-configmap.ts';

/** `0,1/N,2/N,…,1`: the sequence every instance shares. */
export function segmentSequence(n: number): string {
  return ['0', ...Array.from({ length: n - 1 }, (_, i) => `${i + 1}/${n}`), '1'].join(',');
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The pod's shell command: the segment from $JOB_COMPLETION_INDEX, everything else fixed. */
export function instanceCommand(o: ClusterOptions, bundle: BundledScenario): string {
  const n = o.instances;
  const args = [
    'exec node bin/servebench.js load',
    `--execution-segment "$JOB_COMPLETION_INDEX/${n}:$((JOB_COMPLETION_INDEX + 1))/${n}"`,
    `--execution-segment-sequence ${shq(segmentSequence(n))}`,
    `--start-at ${shq(new Date(o.startAt).toISOString())}`,
    '--tag "instance_id=$JOB_COMPLETION_INDEX"',
    `--tag ${shq(`testrun=${o.testrun}`)}`,
    ...(o.influxdb ? [`--out ${shq(`influxdb=${o.influxdb}`)}`] : []),
    ...Object.entries(o.env).map(([k, v]) => `-e ${shq(`${k}=${v}`)}`),
    o.resultsPvc ? '--result-out "/results/instance-$JOB_COMPLETION_INDEX.json"' : '--result-out -',
    shq(`/scripts/${bundle.file}`),
  ];
  return args.join(' ');
}

export function indexedJob(o: ClusterOptions, bundle: BundledScenario): Record<string, unknown> {
  const labels = commonLabels(o);
  const volumes: Record<string, unknown>[] = [{ name: 'script', configMap: { name: configMapName(o) } }];
  const mounts: Record<string, unknown>[] = [{ name: 'script', mountPath: '/scripts', readOnly: true }];
  if (o.resultsPvc) {
    volumes.push({ name: 'results', persistentVolumeClaim: { claimName: o.resultsPvc } });
    mounts.push({ name: 'results', mountPath: '/results' });
  }
  const affinity = o.separate
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'app.kubernetes.io/instance': o.name } }, topologyKey: 'kubernetes.io/hostname' }] } }
    : undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(o, o.name),
    spec: {
      completionMode: 'Indexed',
      completions: o.instances,
      parallelism: o.instances,
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(affinity ? { affinity } : {}),
          containers: [
            {
              name: 'servebench',
              image: o.image,
              command: ['sh', '-c'],
              args: [instanceCommand(o, bundle)],
              resources: resourcesOf(o),
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}
