/**
 * `servebench cluster` settings, parsed once and validated: which engine's manifests, how many
 * instances, the script, the target, outputs, images, resources and the shared start time.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parseStartAt, StartAtError } from '../../loadgen/run/start-at.ts';

export class ClusterError extends Error {
  override name = 'ClusterError';
}

export type ClusterEngine = 'servebench' | 'k6' | 'both';

export interface ClusterOptions {
  engine: ClusterEngine;
  script: string;
  instances: number;
  /** The target's address, handed to the script as `-e <targetVar>=<target>`. */
  target: string;
  targetVar: string;
  name: string;
  namespace?: string;
  /** The `testrun` tag on every point (default: the name). */
  testrun: string;
  influxdb?: string;
  env: Record<string, string>;
  image: string;
  k6Image: string;
  resources: { cpu: string; memory: string };
  separate: boolean;
  /** Built-in engine: ms since the epoch when every instance starts. */
  startAt: number;
  /** Built-in engine: a PersistentVolumeClaim (ReadWriteMany) for the instance results; else they go to the pod logs. */
  resultsPvc?: string;
  format: 'yaml' | 'json';
  out?: string;
}

export const CLUSTER_USAGE = `usage: servebench cluster <script.ts|js> --instances N --target URL [options]

Writes Kubernetes manifests that run one test split across N instances (execution segments):
  --engine servebench|k6|both   built-in engine (Indexed Job) or k6-operator TestRun (default both)
  --instances N                 parallelism: instances, each running 1/N of the test
  --target URL                  the target's address, passed as -e <target-var>=URL
  --target-var NAME             the script's variable for it (default BASE_URL)
  -e, --env KEY=VALUE           more script variables (repeatable)
  --name NAME                   resource name, DNS-1123 label (default servebench-<script>)
  --namespace NS                namespace of every resource
  --testrun TAG                 --tag testrun=TAG on every point (default: the name)
  --influxdb URL                --out influxdb=URL on every instance
  --image IMAGE                 built-in engine image (default servebench/targets:local)
  --k6-image IMAGE              k6 runner image (default grafana/k6:latest; pin a version)
  --cpu Q / --memory Q          each instance's requests = limits (default 1 / 1Gi)
  --separate                    one instance per node (pod anti-affinity)
  --start-at TIME | --start-in D  built-in engine: the instant all start (default: 3m from now)
  --results-pvc NAME            built-in engine: write results to this RWX claim (else: pod logs)
  --format yaml|json            output format (default yaml)
  -o, --out FILE                write here instead of stdout
`;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
/** Indexed Jobs allow at most 10^5 completions. */
const MAX_INSTANCES = 100_000;

function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new ClusterError(`--start-in ${text}: expected a duration like 90s, 3m, 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

export function parseInstances(text: string | undefined): number {
  if (text === undefined) throw new ClusterError('--instances N is required (how many instances split the test)');
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isInteger(n) || n < 1 || n > MAX_INSTANCES) {
    throw new ClusterError(`--instances ${text}: expected a whole number from 1 to ${MAX_INSTANCES} (the parallelism)`);
  }
  return n;
}

function defaultName(script: string): string {
  const stem = basename(script, extname(script)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `servebench-${stem || 'test'}`.slice(0, 52).replace(/-+$/, '');
}

export function parseClusterOptions(argv: string[], nowMs = Date.now()): ClusterOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        engine: { type: 'string' }, instances: { type: 'string' }, target: { type: 'string' }, 'target-var': { type: 'string' },
        env: { type: 'string', short: 'e', multiple: true }, name: { type: 'string' }, namespace: { type: 'string' }, testrun: { type: 'string' },
        influxdb: { type: 'string' }, image: { type: 'string' }, 'k6-image': { type: 'string' }, cpu: { type: 'string' }, memory: { type: 'string' },
        separate: { type: 'boolean' }, 'start-at': { type: 'string' }, 'start-in': { type: 'string' }, 'results-pvc': { type: 'string' },
        format: { type: 'string' }, out: { type: 'string', short: 'o' },
      },
    });
  } catch (err) {
    throw new ClusterError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length !== 1) throw new ClusterError(positionals.length ? `one script expected, got ${positionals.join(' ')}` : 'no script given: servebench cluster <script.ts|js> --instances N --target URL');
  const instances = parseInstances(v.instances);
  const script = positionals[0];
  if (!existsSync(script) || !statSync(script).isFile()) throw new ClusterError(`script ${script} not found`);
  const engine = (v.engine ?? 'both') as ClusterEngine;
  if (!['servebench', 'k6', 'both'].includes(engine)) throw new ClusterError(`--engine ${v.engine}: expected servebench, k6 or both`);
  if (!v.target) throw new ClusterError('--target URL is required (the address every instance loads)');
  const name = v.name ?? defaultName(script);
  if (!DNS_LABEL.test(name) || name.length > 52) throw new ClusterError(`--name ${name}: expected a DNS-1123 label of at most 52 characters (a-z, 0-9, -), so "-script" and pod suffixes still fit`);
  if (v.namespace !== undefined && (!DNS_LABEL.test(v.namespace) || v.namespace.length > 63)) throw new ClusterError(`--namespace ${v.namespace}: expected a DNS-1123 label`);
  const testrun = v.testrun ?? name;
  if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(testrun)) throw new ClusterError(`--testrun ${testrun}: expected a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., alphanumeric at both ends)`);
  const env: Record<string, string> = {};
  for (const kv of v.env ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new ClusterError(`--env ${kv}: expected KEY=VALUE`);
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const targetVar = v['target-var'] ?? 'BASE_URL';
  env[targetVar] = v.target;
  const resources = { cpu: v.cpu ?? '1', memory: v.memory ?? '1Gi' };
  for (const [k, q] of Object.entries(resources)) if (!QUANTITY.test(q)) throw new ClusterError(`--${k} ${q}: not a Kubernetes quantity (e.g. 500m, 2, 1Gi)`);
  if (v['start-at'] && v['start-in']) throw new ClusterError('give --start-at or --start-in, not both');
  let startAt: number;
  try {
    startAt = v['start-at'] ? parseStartAt(v['start-at'], nowMs) : nowMs + durationMs(v['start-in'] ?? '3m');
  } catch (err) {
    throw new ClusterError(err instanceof StartAtError ? err.message : (err as Error).message);
  }
  const format = (v.format ?? 'yaml') as 'yaml' | 'json';
  if (format !== 'yaml' && format !== 'json') throw new ClusterError(`--format ${v.format}: expected yaml or json`);
  return {
    engine, script, instances, target: v.target, targetVar, name, namespace: v.namespace, testrun, influxdb: v.influxdb, env,
    image: v.image ?? 'servebench/targets:local', k6Image: v['k6-image'] ?? 'grafana/k6:latest', resources, separate: v.separate === true,
    startAt, resultsPvc: v['results-pvc'], format, out: v.out,
  };
}
