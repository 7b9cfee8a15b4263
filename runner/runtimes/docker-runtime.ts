/**
 * The `docker` runtime (dockerode): each target is one container of the targets image running
 * `node bin/servebench.js serve <id> --host 127.0.0.1 --port <free port> ...`, with host
 * networking only, the same CPU and memory limits for every target, and the model dir mounted
 * read-only. Ready = the health probe passes before the deadline. Samples come from the Docker
 * stats API. Containers are removed on stop, on a failed start and in stopAll (Ctrl-C).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { servedModelName } from '../../servers/model/model-dir.ts';
import { safeName } from '../results/run-store.ts';
import { waitHealthy } from '../run/health-probe.ts';
import { resourceSampleFromStats, type DockerStats } from './docker-stats.ts';
import { freePort } from './free-port.ts';
import { LogBuffer } from './log-buffer.ts';
import { serveArgs, type RuntimeOptions } from './process-runtime.ts';
import type { LaunchedTarget, Runtime, TargetLaunch } from './runtime.ts';

export const DEFAULT_TARGET_IMAGE = 'servebench/targets:local';
export const DEFAULT_LIMITS = { cpus: 2, memoryBytes: 2 * 1024 ** 3 };
/** Label on every container this runtime creates (value: the runtime instance id). */
export const RUNTIME_LABEL = 'servebench.runtime';

export interface DockerRuntimeOptions extends RuntimeOptions {
  /** Image holding the repo at `appDir` (built from docker/Dockerfile). */
  image?: string;
  /** Docker socket; default: dockerode's own choice (DOCKER_HOST, else /var/run/docker.sock). */
  socketPath?: string;
  /** Working dir in the image where bin/servebench.js lives. */
  appDir?: string;
  /** Limits for launches that name none; every target gets the same. */
  limits?: { cpus: number; memoryBytes: number };
  /** Extra bind mounts (`host:container[:ro]`), e.g. a repo checkout over a bare base image in tests. */
  binds?: string[];
}

/** Where a host model dir appears in the container, so --model and the mount agree. */
export function containerModelDir(hostDir: string, modelName: string): string {
  const base = path.basename(path.resolve(hostDir));
  return /^\d+$/.test(base) ? `/models/${modelName}/${base}` : `/models/${modelName}`;
}

export function containerName(label: string): string {
  return `servebench-${label.replace(/[^a-zA-Z0-9_.-]+/g, '-')}-${randomBytes(3).toString('hex')}`;
}

function ignoreGone(err: unknown): void {
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== 304 && status !== 404 && status !== 409) throw err;
}

async function removeContainer(container: Docker.Container): Promise<void> {
  await container.stop({ t: 5 }).catch(ignoreGone);
  await container.remove({ force: true, v: true }).catch(ignoreGone);
}

export function createDockerRuntime(options: DockerRuntimeOptions): Runtime {
  const docker = options.socketPath ? new Docker({ socketPath: options.socketPath }) : new Docker();
  const image = options.image ?? DEFAULT_TARGET_IMAGE;
  const appDir = options.appDir ?? '/app';
  const instance = randomBytes(4).toString('hex');
  const running = new Set<LaunchedTarget>();

  async function create(launch: TargetLaunch, port: number): Promise<Docker.Container> {
    const o = launch.options;
    const modelName = servedModelName(o);
    const inContainer = containerModelDir(o.modelDir, modelName);
    const limits = launch.limits ?? options.limits ?? DEFAULT_LIMITS;
    const args = serveArgs({ ...launch, options: { ...o, host: '127.0.0.1', port, modelDir: inContainer, modelName } });
    return docker.createContainer({
      name: containerName(launch.label),
      Image: image,
      Entrypoint: ['node', 'bin/servebench.js'],
      Cmd: args,
      WorkingDir: appDir,
      Labels: { [RUNTIME_LABEL]: instance, 'servebench.target': launch.targetId, 'servebench.label': launch.label },
      HostConfig: {
        NetworkMode: 'host',
        NanoCpus: Math.round(limits.cpus * 1e9),
        Memory: limits.memoryBytes,
        MemorySwap: limits.memoryBytes,
        ...(launch.cpus ? { CpusetCpus: launch.cpus } : {}),
        Binds: [`${path.resolve(o.modelDir)}:${inContainer}:ro`, ...(options.binds ?? [])],
        Init: true,
      },
    });
  }

  async function start(launch: TargetLaunch): Promise<LaunchedTarget> {
    const port = launch.options.port || (await freePort());
    const protocol = (await import('../../servers/registry.ts')).getTarget(launch.targetId).protocol;
    const url = `${protocol === 'grpc' ? 'grpc' : 'http'}://127.0.0.1:${port}`;
    const logs = new LogBuffer(path.join(options.logDir, `${safeName(launch.label)}.log`));
    const container = await create(launch, port).catch((err: { statusCode?: number; message?: string }) => {
      if (err.statusCode !== 404) throw err;
      throw new Error(`${launch.label}: docker image ${image} not found; build it with \`docker build -f docker/Dockerfile -t ${image} .\` (${err.message})`);
    });
    let stopped: Promise<void> | undefined;
    const handle: LaunchedTarget = {
      url,
      sample: async () => resourceSampleFromStats((await container.stats({ stream: false })) as unknown as DockerStats),
      logTail: (lines) => logs.tail(lines),
      // 'next-exit': the default condition returns at once for a container not started yet.
      exited: container.wait({ condition: 'next-exit' }).then(
        (r: { StatusCode?: number }) => ({ code: r.StatusCode ?? null, signal: null }),
        () => ({ code: null, signal: null }),
      ),
      stop: () => {
        stopped ??= removeContainer(container).finally(async () => {
          running.delete(handle);
          await logs.close();
        });
        return stopped;
      },
    };
    running.add(handle);
    const abort = new AbortController();
    void handle.exited.then(({ code }) => abort.abort(`container exited with code ${code}`));
    try {
      await container.start();
      const stream = await container.logs({ follow: true, stdout: true, stderr: true });
      const out = new PassThrough();
      docker.modem.demuxStream(stream, out, out);
      logs.attach(out);
      const modelName = servedModelName(launch.options);
      await waitHealthy(url, { modelName, deadlineMs: options.startDeadlineMs, abort: abort.signal });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await handle.stop().catch(() => undefined);
      throw Object.assign(new Error(`${launch.label} (docker image ${image}): ${reason}`), { logTail: logs.tail() });
    }
    return handle;
  }

  return {
    name: 'docker',
    start,
    async stopAll() {
      await Promise.all([...running].map((t) => t.stop()));
      // Anything this instance created that a crash left behind.
      const left = await docker.listContainers({ all: true, filters: { label: [`${RUNTIME_LABEL}=${instance}`] } });
      await Promise.all(left.map((c) => removeContainer(docker.getContainer(c.Id))));
    },
  };
}
