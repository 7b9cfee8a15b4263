/**
 * The docker runtime against a real Docker engine (started here on its own socket). The image is
 * a LOCALLY IMPORTED BASE (test/helpers/local-base-image.ts: this machine's node + its libraries,
 * no registry), with the repo bind-mounted at /app in place of the image docker/Dockerfile builds.
 * Containers use host networking only; everything is probed on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createDockerRuntime, RUNTIME_LABEL } from '../../runner/runtimes/docker-runtime.ts';
import type { Runtime, TargetLaunch } from '../../runner/runtimes/runtime.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS } from '../../servers/targets/target.ts';
import { startDockerd, type RunningDockerd } from '../helpers/dockerd.ts';
import { nestedImage, testImages } from '../helpers/images.ts';
import { importLocalBaseImage, REPO_DIR } from '../helpers/local-base-image.ts';

const LIMITS = { cpus: 1, memoryBytes: 1024 ** 3 };
let dockerd: RunningDockerd;
let runtime: Runtime;
let logDir: string;

function launch(targetId: string, overrides: Partial<TargetLaunch['options']> = {}): TargetLaunch {
  return { targetId, label: targetId, options: { ...DEFAULT_TARGET_OPTIONS, modelDir: DEFAULT_MODEL_DIR, workers: 1, ...overrides }, limits: LIMITS };
}

async function ours(): Promise<string[]> {
  const list = await dockerd.docker.listContainers({ all: true, filters: { label: [RUNTIME_LABEL] } });
  return list.map((c) => c.Id);
}

before(async () => {
  await ensureModel(DEFAULT_MODEL_DIR);
  dockerd = await startDockerd();
  const started = Date.now();
  const image = await importLocalBaseImage(dockerd.docker);
  process.stderr.write(`# imported ${image} in ${Date.now() - started} ms\n`);
  logDir = await mkdtemp(path.join(tmpdir(), 'sb-docker-logs-'));
  runtime = createDockerRuntime({
    socketPath: dockerd.socketPath,
    image,
    binds: [`${REPO_DIR}:/app:ro`],
    logDir,
    startDeadlineMs: 60_000,
    warn: () => {},
  });
});

after(async () => {
  await runtime?.stopAll();
  await dockerd?.stop();
  if (logDir) await rm(logDir, { recursive: true, force: true });
});

test('a REST target runs in a host-network container with the limits, answers on 127.0.0.1, is sampled and removed', async () => {
  const target = await runtime.start(launch('fastify'));
  const id = (await ours())[0];
  assert.ok(id, 'no container labelled by the runtime');
  try {
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await fetch(`${target.url}/v1/models/cifar10`);
    assert.equal(status.status, 200);
    assert.match(await status.text(), /AVAILABLE/);

    const info = await dockerd.docker.getContainer(id).inspect();
    assert.equal(info.HostConfig.NetworkMode, 'host');
    assert.equal(info.HostConfig.NanoCpus, 1e9);
    assert.equal(info.HostConfig.Memory, LIMITS.memoryBytes);
    assert.ok(info.HostConfig.Binds?.some((b) => b === `${DEFAULT_MODEL_DIR}:/models/cifar10:ro`), `binds: ${info.HostConfig.Binds}`);

    const sample = await target.sample();
    assert.ok(Number.isFinite(sample.cpuPercent) && sample.cpuPercent >= 0, `cpu ${sample.cpuPercent}`);
    assert.ok(sample.rssBytes > 10 * 1024 * 1024, `memory usage ${sample.rssBytes}`);
    assert.ok(sample.workingSetBytes !== undefined && sample.workingSetBytes > 0 && sample.workingSetBytes <= sample.rssBytes);
    assert.match(target.logTail(), /listening on http:\/\/127\.0\.0\.1:/);

    // onnxruntime's native libraries work inside the imported base (a guard, not a timing check).
    const [pixels] = testImages(1);
    const body = JSON.stringify({ instances: [nestedImage(pixels)] });
    const predict = await fetch(`${target.url}/v1/models/cifar10:predict`, { method: 'POST', body, signal: AbortSignal.timeout(60_000) });
    assert.equal(predict.status, 200);
    const { predictions } = (await predict.json()) as { predictions: number[][] };
    assert.equal(predictions[0].length, 10);
    assert.ok(Math.abs(predictions[0].reduce((a, b) => a + b, 0) - 1) < 1e-4);
  } finally {
    await target.stop();
  }
  await assert.rejects(dockerd.docker.getContainer(id).inspect(), (err: { statusCode?: number }) => err.statusCode === 404);
  assert.deepEqual(await ours(), []);
});

test('a gRPC target passes the gRPC health probe; stopAll removes it', async () => {
  const target = await runtime.start(launch('grpc'));
  assert.match(target.url, /^grpc:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await ours()).length, 1);
  await runtime.stopAll();
  assert.deepEqual(await ours(), []);
});

test('a target that cannot start rejects with its log tail and leaves no container', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'sb-no-model-'));
  try {
    await assert.rejects(runtime.start(launch('express', { modelDir: empty, modelName: 'cifar10' })), (err: Error & { logTail?: string }) => {
      assert.match(err.message, /express/);
      assert.ok(err.logTail && err.logTail.length > 0, 'no log tail');
      return true;
    });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  assert.deepEqual(await ours(), []);
});

test('a missing image fails the start with how to build it, and creates nothing', async () => {
  const other = createDockerRuntime({ socketPath: dockerd.socketPath, image: 'servebench/not-built:none', logDir, startDeadlineMs: 5_000, warn: () => {} });
  await assert.rejects(other.start(launch('null')), /docker image servebench\/not-built:none not found; build it with `docker build -f docker\/Dockerfile/);
  assert.deepEqual(await ours(), []);
});
