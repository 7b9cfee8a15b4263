/**
 * docker-compose.yml, validated with the real Compose CLI (`config` only, never `up`): it matches
 * the target registry, every serving target has the same limits, health checks gate startup,
 * images are pinned, passwords have no defaults, and .env.example names every variable.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { parseServeArgs } from '../../runner/serve-command.ts';
import { DEFAULT_PORTS } from '../../servers/default-ports.ts';
import { MODEL_SERVERS, TARGETS } from '../../servers/registry.ts';
import { commandWords, composeConfig, exampleEnvFile, findComposeCli, type ComposeCli, type ComposeConfig, type ComposeService } from '../helpers/compose-cli.ts';

const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const ENV_EXAMPLE = fileURLToPath(new URL('../../.env.example', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const NODE_TARGETS = TARGETS.map((t) => t.id);
const SERVING = [...NODE_TARGETS, 'tfserving'];

let cli: ComposeCli;
let dir: string;
let config: ComposeConfig;

const envFile = (name: string, overrides: Record<string, string> = {}, fillEmpty = true) => exampleEnvFile(ENV_EXAMPLE, path.join(dir, name), overrides, fillEmpty);

/** Host ports a service publishes, by container port: `127.0.0.1:8082:8080/tcp` (v1) or {published, target} (v2). */
function published(service: ComposeService): Map<number, number> {
  const ports = (service.ports ?? []) as (string | { published?: string | number; target?: number })[];
  return new Map(
    ports.map((p) => {
      if (typeof p !== 'string') return [Number(p.target), Number(p.published)] as [number, number];
      const [, host, inside] = /(\d+):(\d+)(?:\/\w+)?$/.exec(p) ?? [];
      return [Number(inside), Number(host)] as [number, number];
    }),
  );
}

/** The compose service and the container port behind each DEFAULT_PORTS entry. */
const SERVICE_PORT: Record<keyof typeof DEFAULT_PORTS, [string, number]> = {
  ...(Object.fromEntries(NODE_TARGETS.map((id) => [id, [id, 8080]])) as Record<string, [string, number]>),
  'tfserving-rest': ['tfserving', 8501],
  'tfserving-grpc': ['tfserving', 8500],
} as Record<keyof typeof DEFAULT_PORTS, [string, number]>;

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const d = service.depends_on ?? {};
  return Array.isArray(d) ? Object.fromEntries(d.map((n) => [n, undefined])) : Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.condition]));
}

before(async () => {
  cli = await findComposeCli();
  dir = await mkdtemp(path.join(tmpdir(), 'sb-compose-'));
  const result = await composeConfig(cli, COMPOSE_FILE, await envFile('full.env', { TARGET_CPUS: '1.5', TARGET_MEMORY: '1536m' }), ['tools']);
  assert.ok(result.ok && result.config, `compose config failed:\n${result.stderr}`);
  config = result.config;
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('one service per registry target (same name), each serving that target', () => {
  for (const id of NODE_TARGETS) {
    const service = config.services[id];
    assert.ok(service, `no compose service for registry target "${id}"`);
    const words = commandWords(service);
    assert.deepEqual(words.slice(0, 2), ['serve', id], `service ${id} runs "${words.join(' ')}"`);
    assert.match(service.image ?? '', /^servebench\/targets:/);
  }
  const serving = Object.entries(config.services).filter(([, s]) => commandWords(s)[0] === 'serve').map(([name]) => name);
  assert.deepEqual(serving.sort(), [...NODE_TARGETS].sort(), 'a compose service serves a target the registry does not list');
  assert.match(config.services.tfserving?.image ?? '', /^tensorflow\/serving:\d/);
});

test('every serving container is named after its target (cAdvisor tags points with container_name; the dashboards match it to k6\'s target)', () => {
  for (const name of SERVING) assert.equal(config.services[name].container_name, name, `service ${name}: container_name ${config.services[name].container_name}`);
});

test('ports: compose publishes every target on its default port (servers/default-ports.ts), as the README table says', async () => {
  assert.deepEqual(Object.keys(DEFAULT_PORTS).filter((k) => !k.startsWith('tfserving')).sort(), [...NODE_TARGETS].sort(), 'default-ports.ts and the registry name the same targets');
  for (const [key, { port }] of Object.entries(DEFAULT_PORTS)) {
    const [service, inside] = SERVICE_PORT[key as keyof typeof DEFAULT_PORTS];
    assert.equal(published(config.services[service]).get(inside), port, `compose ${service}:${inside} is published on ${published(config.services[service]).get(inside)}, default-ports.ts says ${key} = ${port}`);
  }
  const readme = await readFile(README, 'utf8');
  for (const id of NODE_TARGETS) {
    const row = new RegExp(`^\\| \`${id}\` \\|[^|]*\\|[^|]*\\| (\\d+) \\|`, 'm').exec(readme);
    assert.equal(Number(row?.[1]), DEFAULT_PORTS[id as keyof typeof DEFAULT_PORTS].port, `README's row for ${id}: ${row?.[0]}`);
  }
  const tfs = /^\| `tfserving` \|[^|]*\|[^|]*\| (\d+) \(REST\) \/ (\d+) \(gRPC\) \|/m.exec(readme);
  assert.deepEqual([Number(tfs?.[1]), Number(tfs?.[2])], [DEFAULT_PORTS['tfserving-rest'].port, DEFAULT_PORTS['tfserving-grpc'].port], "README's tfserving row");
});

test('the Node model servers take server-side batching from .env as TF Serving does (off by default)', async () => {
  const batchingOf = (c: ComposeConfig, id: string) => parseServeArgs(commandWords(c.services[id]).slice(1)).options.batching;
  for (const id of MODEL_SERVERS) assert.equal(batchingOf(config, id), undefined, `${id} batches with .env.example's defaults`);
  assert.ok(commandWords(config.services.tfserving).includes('--enable_batching=false'));
  const on = await composeConfig(cli, COMPOSE_FILE, await envFile('batching.env', { TARGET_ENABLE_BATCHING: 'true', TARGET_MAX_BATCH_SIZE: '16', TARGET_BATCH_TIMEOUT_US: '500', TFSERVING_ENABLE_BATCHING: 'true' }));
  assert.ok(on.ok && on.config, on.stderr);
  for (const id of MODEL_SERVERS) assert.deepEqual(batchingOf(on.config, id), { maxBatchSize: 16, timeoutMicros: 500 }, id);
  assert.ok(commandWords(on.config.services.tfserving).includes('--enable_batching=true'));
});

test('every serving target (Node targets and TF Serving) gets the same CPU and memory limits, from .env', () => {
  for (const name of SERVING) {
    const s = config.services[name];
    assert.equal(Number(s.cpus), 1.5, `${name} cpus`);
    const memory = String(s.mem_limit).toLowerCase();
    assert.ok(memory === '1536m' || memory === String(1536 * 1024 ** 2), `${name} mem_limit ${s.mem_limit}`);
    assert.equal(String(s.memswap_limit).toLowerCase(), memory, `${name} memswap_limit`);
  }
});

test('health checks gate startup: model -> saved-model -> targets; influxdb healthy before its clients', () => {
  assert.equal(dependsOn(config.services['saved-model']).model, 'service_completed_successfully');
  assert.equal(dependsOn(config.services.tfserving)['saved-model'], 'service_completed_successfully');
  for (const name of SERVING) assert.ok(config.services[name].healthcheck?.test, `${name} has no health check`);
  for (const id of TARGETS.filter((t) => t.needsUpstream).map((t) => t.id)) {
    assert.ok(Object.values(dependsOn(config.services[id])).every((c) => c === 'service_healthy'), `${id} must wait for healthy upstreams`);
  }
  for (const name of ['cadvisor', 'grafana', 'k6', 'load']) assert.equal(dependsOn(config.services[name]).influxdb, 'service_healthy', name);
  assert.deepEqual(config.services.load.profiles, ['tools'], 'the built-in engine is the default load service');
  assert.deepEqual(config.services.load.entrypoint, ['node', 'bin/servebench.js', 'load']);
  assert.deepEqual(config.services.k6.profiles, ['k6'], "the user's k6 image only on request");
});

test('cAdvisor writes to InfluxDB with a short buffer; Grafana gets the datasource settings', () => {
  const flags = commandWords(config.services.cadvisor);
  assert.ok(flags.includes('-storage_driver=influxdb'));
  assert.ok(flags.includes('-storage_driver_host=influxdb:8086'));
  assert.ok(flags.some((f) => /^-storage_driver_buffer_duration=\d+s$/.test(f)));
  const env = config.services.grafana.environment as Record<string, string>;
  assert.equal(env.INFLUXDB_URL, 'http://influxdb:8086');
  assert.equal(env.INFLUXDB_DB, 'servebench');
});

test('every pulled image is pinned to a version (no latest, no untagged)', () => {
  for (const [name, s] of Object.entries(config.services)) {
    if (s.build) continue; // built here from docker/Dockerfile (its base image is pinned by NODE_VERSION)
    assert.match(s.image ?? '', /:[^:/]*\d[^:/]*$/, `${name} image ${s.image} is not pinned`);
    assert.doesNotMatch(s.image ?? '', /:latest$/);
  }
});

test('no default passwords: .env.example as it is (passwords empty) is refused, naming the variable', async () => {
  const result = await composeConfig(cli, COMPOSE_FILE, await envFile('example.env', {}, false));
  assert.equal(result.ok, false, 'compose accepted empty passwords');
  assert.match(result.stderr, /set (INFLUXDB_ADMIN_PASSWORD|INFLUXDB_USER_PASSWORD|GRAFANA_ADMIN_PASSWORD) in \.env/);
});

test('.env.example names every variable docker-compose.yml uses', async () => {
  const compose = await readFile(COMPOSE_FILE, 'utf8');
  const example = await readFile(ENV_EXAMPLE, 'utf8');
  const used = new Set([...compose.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
  const defined = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
  assert.deepEqual([...used].filter((v) => !defined.has(v)), []);
});
