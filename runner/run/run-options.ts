/** `servebench run` flags -> RunSettings, parsed and validated once. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseLoadEngineName } from '../load/load-engine.ts';
import { PROFILE_NAMES, type ProfileName } from '../../scenarios/lib/profiles/registry.ts';
import { parseDuration } from '../../scenarios/lib/env.ts';
import { integer } from '../flag-values.ts';
import { TARGET_FLAGS, TARGET_USAGE, parseTargetFlags } from '../target-flags.ts';
import { LOAD_FLAGS, LOAD_USAGE, parseLoadFlags } from './load-flags.ts';
import type { RunSettings } from './run-settings.ts';
import { defaultTargetLabels, parseTargetSpec, type TargetSpec } from './target-specs.ts';

export const RUN_USAGE = `usage: servebench run [options]
  --targets <list>       comma-separated, e.g. null,fastify,gateway:grpc (default: every model server + a gateway in front of each);
                         name=URL is an external target (not started): http(s)://host:port (TF Serving REST) or grpc://host:port
  --stats-container <c>  external targets: the Docker container serving it (CPU/memory via the Docker API, else cAdvisor
                         in --influx); with several externals name=container (comma-separated or repeated)
  --cadvisor-wait <d>    how long to wait for cAdvisor's buffered points after each profile (default 65s)
  --profiles <list>      ${PROFILE_NAMES.join('|')} (default paper,concurrency)
${LOAD_USAGE}
  --load-engine <name>   builtin | k6 (default builtin; k6 = the k6 you installed: K6_BIN or PATH)
  --server-cpus <list>   pin targets with taskset (e.g. 0)
  --client-cpus <list>   pin the load engine with taskset (e.g. 1)
  --data <file>          CIFAR-10 test_batch.bin instead of synthetic images
  --out <dir>            results root (default results/)
  --run-id <id>          run directory name (default: timestamp)
  --influx <url>         also stream to InfluxDB (runner/influx/influx-sink.ts)
  --runtime <name>       process | docker (default process)
  --image <name>         docker: the targets image (default servebench/targets:local)
  --docker-socket <path> docker: the engine's socket (default: dockerode's, /var/run/docker.sock)
  --limit-cpus <n>       docker: CPUs every target container gets (default 2)
  --limit-memory <mb>    docker: memory every target container gets, in MB (default 2048)
  --docker-mount <m>     docker: extra bind mount host:container[:ro] (repeatable), e.g. a checkout over /app
${TARGET_USAGE}
  --start-deadline <d>   deadline for a target's start + health probe (default 60s)`;

const dur = (flag: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (parseDuration(value) === undefined) throw new Error(`${flag} must be a duration like 500ms, 10s, 1m (got "${value}")`);
  return value;
};

const positiveNumber = (flag: string, value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number (got "${value}")`);
  return n;
};

/** `--stats-container tfserving` (one external target) or `mytfs=tfserving,...` -> label -> container. */
export function parseStatsContainers(items: string[], specs: TargetSpec[]): Record<string, string> {
  const externals = specs.filter((s) => s.externalUrl).map((s) => s.label);
  const out: Record<string, string> = {};
  for (const item of items.flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const [label, container] = eq < 0 ? [undefined, item] : [item.slice(0, eq), item.slice(eq + 1)];
    if (!/^[\w][\w.-]*$/.test(container)) throw new Error(`--stats-container: "${container}" is not a container name`);
    if (label === undefined) {
      if (externals.length !== 1) throw new Error(`--stats-container ${item}: ${externals.length ? 'several external targets: say which, as name=container' : 'no external target (name=URL) in --targets'}`);
      out[externals[0]] = container;
    } else if (!externals.includes(label)) {
      throw new Error(`--stats-container ${item}: "${label}" is not an external target of --targets (${externals.join(', ') || 'none'})`);
    } else out[label] = container;
  }
  return out;
}

export function defaultRunId(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
}

export function parseRunArgs(argv: string[]): RunSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      targets: { type: 'string' },
      profiles: { type: 'string', default: 'paper,concurrency' },
      full: { type: 'boolean', default: false },
      ...LOAD_FLAGS,
      'load-engine': { type: 'string', default: 'builtin' },
      'server-cpus': { type: 'string' },
      'client-cpus': { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string', default: 'results' },
      'run-id': { type: 'string' },
      influx: { type: 'string' },
      runtime: { type: 'string', default: 'process' },
      image: { type: 'string' },
      'docker-socket': { type: 'string' },
      'limit-cpus': { type: 'string', default: '2' },
      'limit-memory': { type: 'string', default: '2048' },
      'docker-mount': { type: 'string', multiple: true, default: [] },
      'start-deadline': { type: 'string', default: '60s' },
      'stats-container': { type: 'string', multiple: true, default: [] },
      'cadvisor-wait': { type: 'string', default: '65s' },
      ...TARGET_FLAGS,
    },
  });
  const targets = values.targets ? values.targets.split(',').map((s) => s.trim()).filter(Boolean) : defaultTargetLabels();
  const specs = targets.map(parseTargetSpec); // validates every label up front
  const labels = specs.map((t) => t.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) throw new Error(`--targets: "${twice}" is named twice`);
  const profiles = values.profiles.split(',').map((s) => s.trim());
  for (const p of profiles) if (!(PROFILE_NAMES as readonly string[]).includes(p)) throw new Error(`--profiles: unknown profile "${p}" (${PROFILE_NAMES.join(', ')})`);
  if (values.runtime !== 'process' && values.runtime !== 'docker') throw new Error('--runtime must be process or docker');
  const cpus = (flag: string, v: string | undefined) => {
    if (v !== undefined && !/^\d+([-,]\d+)*$/.test(v)) throw new Error(`${flag} must be a CPU list like 0 or 0-1 or 0,2 (got "${v}")`);
    return v;
  };
  const runId = values['run-id'] ?? defaultRunId();
  if (!/^[\w.-]+$/.test(runId)) throw new Error(`--run-id may hold letters, digits, . _ - only`);
  return {
    runId,
    targets,
    profiles: profiles as ProfileName[],
    full: values.full,
    load: parseLoadFlags(values),
    loadEngine: parseLoadEngineName(values['load-engine'] as string),
    serverCpus: cpus('--server-cpus', values['server-cpus']),
    clientCpus: cpus('--client-cpus', values['client-cpus']),
    data: values.data ? resolve(values.data) : undefined,
    out: resolve(values.out),
    influx: values.influx,
    runtime: values.runtime,
    docker: {
      image: values.image,
      socketPath: values['docker-socket'],
      cpus: positiveNumber('--limit-cpus', values['limit-cpus']),
      memoryMb: integer('--limit-memory', values['limit-memory'], 64, 1 << 20),
      mounts: values['docker-mount'].map((m) => {
        if (!/^[^:]+:\/[^:]*(:(ro|rw))?$/.test(m)) throw new Error(`--docker-mount must be host:/container[:ro] (got "${m}")`);
        const [host, ...rest] = m.split(':');
        return [resolve(host), ...rest].join(':');
      }),
    },
    ...parseTargetFlags(values),
    startDeadlineMs: parseDuration(dur('--start-deadline', values['start-deadline']) as string) as number,
    statsContainers: parseStatsContainers(values['stats-container'], specs),
    cadvisorWaitMs: parseDuration(dur('--cadvisor-wait', values['cadvisor-wait']) as string) as number,
    commandLine: process.argv.slice(1),
  };
}
