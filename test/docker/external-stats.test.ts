/**
 * An external target in a container on a real Docker engine (started here, host networking only,
 * a locally imported base image with the repo bind-mounted): `servebench run` measures it by
 * address without starting it and reads its CPU and memory through `--stats-container` from the
 * Docker stats API; a container name Docker does not know leaves them "not measured".
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { createDockerRuntime, RUNTIME_LABEL } from '../../runner/runtimes/docker-runtime.ts';
import type { LaunchedTarget, Runtime } from '../../runner/runtimes/runtime.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS } from '../../servers/targets/target.ts';
import { startDockerd, type RunningDockerd } from '../helpers/dockerd.ts';
import { importLocalBaseImage, REPO_DIR } from '../helpers/local-base-image.ts';
import { runCli, tempResults } from '../runner/run-helpers.ts';

let dockerd: RunningDockerd;
let runtime: Runtime;
let logDir: string;
let served: LaunchedTarget;
let container: string;

before(async () => {
  await ensureModel(DEFAULT_MODEL_DIR);
  dockerd = await startDockerd();
  const image = await importLocalBaseImage(dockerd.docker);
  logDir = await mkdtemp(path.join(tmpdir(), 'sb-external-'));
  // Someone else's server, as far as the run below knows: started here, never named to it but by address.
  runtime = createDockerRuntime({ socketPath: dockerd.socketPath, image, binds: [`${REPO_DIR}:/app:ro`], logDir, startDeadlineMs: 60_000, warn: () => {} });
  served = await runtime.start({ targetId: 'fastify', label: 'tfserving', options: { ...DEFAULT_TARGET_OPTIONS, modelDir: DEFAULT_MODEL_DIR, workers: 1 }, limits: { cpus: 1, memoryBytes: 1024 ** 3 } });
  const [info] = await dockerd.docker.listContainers({ filters: { label: [RUNTIME_LABEL] } });
  container = info.Names[0].replace(/^\//, '');
});

after(async () => {
  await runtime?.stopAll();
  await dockerd?.stop();
  if (logDir) await rm(logDir, { recursive: true, force: true });
});

test('--stats-container: an external target in a container gets its CPU and memory from the Docker API', { timeout: 90_000 }, async () => {
  const out = tempResults();
  const args = ['run', '--targets', `mytfs=${served.url},nostats=${served.url}`, '--stats-container', `mytfs=${container},nostats=no-such-container`, '--docker-socket', dockerd.socketPath, '--profiles', 'concurrency', '--levels', '2', '--step-duration', '6s', '--warmup', '1s', '--out', out, '--run-id', 'stats'];
  const cli = await runCli(args);
  assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
  const report = JSON.parse(await readFile(path.join(out, 'stats', 'report.json'), 'utf8')) as RunReport;
  const mytfs = report.results.find((r) => r.target === 'mytfs');
  assert.ok(mytfs && mytfs.status === 'ok', JSON.stringify(mytfs));
  assert.deepEqual(mytfs.validity, ['valid']);
  assert.equal(mytfs.resourceSource, 'docker');
  const res = mytfs.resources;
  // A one-shot Docker stats read takes about a second (it waits for a second reading).
  assert.ok(res && res.samples >= 2, `samples: ${JSON.stringify(res)}`);
  // Under load the container's node is busy, and its memory is a real process's (tens of MB, under the 1 GB limit).
  assert.ok(res.cpuPercentMean > 5 && res.cpuPercentMax <= 150, `cpu ${res.cpuPercentMean} / ${res.cpuPercentMax}`);
  assert.ok(res.rssMbMean > 20 && res.rssMbMax < 1024, `memory ${res.rssMbMean} / ${res.rssMbMax}`);

  const nostats = report.results.find((r) => r.target === 'nostats');
  assert.ok(nostats && nostats.status === 'ok', JSON.stringify(nostats));
  assert.equal(nostats.resources, undefined);
  assert.match(nostats.resourcesNotMeasured ?? '', /Docker stats for container no-such-container: .*(no such container|404)/i);
  assert.match(cli.stdout, /warning: nostats: Docker stats for container no-such-container/);

  const md = await readFile(path.join(out, 'stats', 'report.md'), 'utf8');
  assert.match(md, /\| mytfs \| concurrency \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| Docker stats \|/);
  assert.match(md, /\| nostats \| concurrency \| not measured: Docker stats/);
  // The run did not stop what it did not start.
  assert.equal((await dockerd.docker.getContainer(container).inspect()).State.Running, true);
});
