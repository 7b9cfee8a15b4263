/**
 * The compose stack's shape on a real Docker engine (started here; host networking only; the
 * locally imported base image with the repo bind-mounted, as the other docker tests do): two of
 * our targets run as containers named, commanded and limited as `docker-compose config` says
 * (only host and port changed, for host networking), the runner measures them by address with
 * `--stats-container` and `--influx` to a real influxd, and every query of the generated
 * dashboards — template variables first, then each panel with the variables' values substituted
 * as Grafana does for "All" — returns data; the CPU and memory panels return both containers' series.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { dashboardQueries, expandQuery, type DashboardQuery } from '../../grafana/src/dashboard-queries.ts';
import { DASHBOARDS, renderDashboard } from '../../grafana/src/dashboards.ts';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { freePort } from '../../runner/runtimes/free-port.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../../servers/targets/target.ts';
import { commandWords, composeConfig, exampleEnvFile, findComposeCli, type ComposeService } from '../helpers/compose-cli.ts';
import { startDockerd, type RunningDockerd } from '../helpers/dockerd.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { importLocalBaseImage, REPO_DIR } from '../helpers/local-base-image.ts';
import { runCli, tempResults } from '../runner/run-helpers.ts';

const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const ENV_EXAMPLE = fileURLToPath(new URL('../../.env.example', import.meta.url));
const SERVICES = ['fastify', 'grpc'] as const;
const RUN_ID = 'compose-stack';
const DB = 'servebench';

let dockerd: RunningDockerd;
let influxd: Influxd;
let dir: string;
let report: RunReport;
const containers: { service: string; name: string; url: string; container: Docker.Container }[] = [];

/** Compose's `mem_limit` (bytes, or `2g` / `1536m` as compose 1.x leaves it) in bytes. */
function bytes(limit: ComposeService['mem_limit']): number {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(String(limit));
  assert.ok(m, `mem_limit ${limit}`);
  return Math.round(Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()));
}

/** The service's own command, listening on 127.0.0.1:<port> of the host network instead of 0.0.0.0:8080 of its own. */
function hostNetworkCommand(service: ComposeService, port: number): string[] {
  const words = commandWords(service);
  const at = (flag: string) => {
    const i = words.indexOf(flag);
    assert.ok(i > 0, `the compose command has ${flag}: ${words.join(' ')}`);
    return i + 1;
  };
  words[at('--host')] = '127.0.0.1';
  words[at('--port')] = String(port);
  return words;
}

async function influxQuery(q: string): Promise<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[]> {
  const res = await fetch(`${influxd.url}/query?db=${DB}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { error?: string; results?: { error?: string; series?: [] }[] };
  const error = body.error ?? body.results?.[0]?.error;
  if (!res.ok || error) throw new Error(`InfluxDB rejected ${q}: ${error ?? res.status}`);
  return body.results?.[0]?.series ?? [];
}

before(async () => {
  await ensureModel(DEFAULT_MODEL_DIR);
  dir = await mkdtemp(path.join(tmpdir(), 'sb-compose-stack-'));
  const compose = await composeConfig(await findComposeCli(), COMPOSE_FILE, await exampleEnvFile(ENV_EXAMPLE, path.join(dir, '.env')));
  assert.ok(compose.ok && compose.config, `docker-compose config with .env.example and dummy passwords:\n${compose.stderr}`);
  [dockerd, influxd] = await Promise.all([startDockerd(), startInfluxd()]);
  const image = await importLocalBaseImage(dockerd.docker);
  for (const service of SERVICES) {
    const spec = compose.config.services[service];
    const name = String(spec.container_name);
    const port = await freePort();
    const container = await dockerd.docker.createContainer({
      name,
      Image: image,
      Entrypoint: ['node', 'bin/servebench.js'],
      Cmd: hostNetworkCommand(spec, port),
      WorkingDir: '/app',
      // The labels compose puts on its containers (cAdvisor copies container labels into its tags).
      Labels: { 'com.docker.compose.project': 'servebench', 'com.docker.compose.service': service },
      HostConfig: {
        NetworkMode: 'host',
        NanoCpus: Math.round(Number(spec.cpus) * 1e9),
        Memory: bytes(spec.mem_limit),
        MemorySwap: bytes(spec.memswap_limit),
        Binds: [`${REPO_DIR}:/app:ro`, `${DEFAULT_MODEL_DIR}:/models/cifar10:ro`],
        Init: true,
      },
    });
    await container.start();
    const protocol = commandWords(spec)[1] === 'grpc' ? 'grpc' : 'http';
    containers.push({ service, name, url: `${protocol}://127.0.0.1:${port}`, container });
  }
  // The runner probes each address (health check with a deadline) before it measures it.
  const out = tempResults();
  const run = await runCli([
    'run', '--targets', containers.map((c) => `${c.service}=${c.url}`).join(','),
    '--stats-container', containers.map((c) => `${c.service}=${c.name}`).join(','), '--docker-socket', dockerd.socketPath,
    '--influx', `${influxd.url}/${DB}`, '--profiles', 'concurrency', '--levels', '2', '--step-duration', '6s', '--warmup', '1s',
    '--out', out, '--run-id', RUN_ID,
  ]);
  const logs = async () => (await Promise.all(containers.map(async (c) => `--- ${c.name}:\n${(await c.container.logs({ stdout: true, stderr: true, tail: 20 })).toString()}`))).join('\n');
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}\n${run.code === 0 ? '' : await logs()}`);
  report = JSON.parse(await readFile(path.join(out, RUN_ID, 'report.json'), 'utf8')) as RunReport;
});

after(async () => {
  for (const { container } of containers) await container.remove({ force: true }).catch(() => undefined);
  await Promise.all([dockerd?.stop(), influxd?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the containers carry compose\'s names (= target ids), and the runner measured both through the Docker API, valid', () => {
  assert.deepEqual(containers.map((c) => c.name), [...SERVICES]);
  for (const service of SERVICES) {
    const r = report.results.find((x) => x.target === service);
    assert.ok(r && r.status === 'ok', JSON.stringify(r));
    assert.deepEqual(r.validity, ['valid'], service);
    assert.equal(r.resourceSource, 'docker', service);
    assert.ok(r.resources && r.resources.samples >= 2 && r.resources.rssMbMean > 20, `${service}: ${JSON.stringify(r.resources)}`);
  }
});

/** A series' target: k6's `target` tag, or the container for resource panels. */
const seriesTarget = (tags: Record<string, string> | undefined) => tags?.target ?? tags?.container_name;

for (const { file, build } of DASHBOARDS) {
  test(`${file}: every query, variables substituted as Grafana does, returns data; CPU and memory for both containers`, async (t) => {
    const queries = dashboardQueries(JSON.parse(renderDashboard(build())));
    const variables: Record<string, string[]> = {};
    // Grafana resolves run_id first, then target (its query uses $run_id); the run picks ours.
    for (const q of queries.filter((x): x is DashboardQuery => x.kind === 'variable')) {
      const name = q.where.replace(/^variable /, '');
      const sql = expandQuery(q.query, { timeFilter: '', intervalMs: 1000, variables: { ...variables } });
      const values = (await influxQuery(sql)).flatMap((s) => s.values.map((v) => String(v[1])));
      variables[name] = name === 'run_id' ? values.filter((v) => v === RUN_ID) : values;
    }
    assert.deepEqual(variables, { run_id: [RUN_ID], target: [...SERVICES] }, 'the template variables list the run and both targets');
    const expansion = { timeFilter: 'time > now() - 1h', intervalMs: 1000, variables };
    for (const q of queries.filter((x) => x.kind === 'panel')) {
      await t.test(q.where, async () => {
        const series = await influxQuery(expandQuery(q.query, expansion));
        assert.ok(series.length > 0, `no data: ${q.query}`);
        const targets = new Set(series.map((s) => seriesTarget(s.tags)));
        if (/FROM "(cpu_usage_total|memory_usage|memory_working_set)"/.test(q.query)) {
          assert.deepEqual([...targets].sort(), [...SERVICES], `${q.where}: a series per container`);
          for (const s of series) {
            const numbers = s.values.map((v) => v[1]).filter((v): v is number => typeof v === 'number');
            assert.ok(numbers.some((v) => v > 0), `${q.where} ${seriesTarget(s.tags)}: ${JSON.stringify(s.values.slice(0, 5))}`);
          }
        } else {
          for (const target of targets) assert.ok(target === undefined || (SERVICES as readonly string[]).includes(target), `${q.where}: ${target}`);
        }
      });
    }
  });
}
