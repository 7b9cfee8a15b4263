/**
 * A real Docker engine for tests: starts `dockerd` with no bridge and no iptables, its socket,
 * data and exec roots in a fresh temp dir, and stops it (and removes the dir) afterwards. Every
 * caller (each test file, run in parallel) gets its own engine, so none sees another's containers
 * or loses its engine when another stops. Only a socket named explicitly ($SERVEBENCH_DOCKER_SOCK,
 * or the argument) with an engine already answering there is reused and left running. If dockerd
 * cannot start, `startDockerd` rejects with the reason and dockerd's last log lines.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { LogBuffer } from '../../runner/runtimes/log-buffer.ts';

export interface RunningDockerd {
  socketPath: string;
  docker: Docker;
  /** False when an engine was already running on the socket (then stop() leaves it alone). */
  owned: boolean;
  stop(): Promise<void>;
}

const START_DEADLINE_MS = 60_000;

/** dockerd leaves mounts behind (exec-root/netns/default); unmount them so the dir can go. */
async function removeRoot(root: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((mp): mp is string => mp !== undefined && mp.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const mp of mounts) await new Promise((resolve) => execFile('umount', ['-l', mp], resolve));
  await rm(root, { recursive: true, force: true }).catch(() => undefined);
}

async function answers(docker: Docker): Promise<boolean> {
  return docker.ping().then(() => true, () => false);
}

export async function startDockerd(named = process.env.SERVEBENCH_DOCKER_SOCK): Promise<RunningDockerd> {
  if (named) {
    const docker = new Docker({ socketPath: named });
    if (await answers(docker)) return { socketPath: named, docker, owned: false, stop: async () => {} };
    await unlink(named).catch(() => undefined);
  }
  const root = await mkdtemp(path.join(tmpdir(), 'sb-dockerd-'));
  const socketPath = named ?? path.join(root, 'docker.sock');
  const docker = new Docker({ socketPath });
  const args = [
    '--bridge=none', '--iptables=false', '--ip-masq=false', '--ip6tables=false',
    '--host', `unix://${socketPath}`,
    '--data-root', path.join(root, 'data'),
    '--exec-root', path.join(root, 'exec'),
    '--pidfile', path.join(root, 'dockerd.pid'),
  ];
  const logs = new LogBuffer(undefined, 100);
  let child;
  try {
    child = spawn('dockerd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`cannot run dockerd (install docker.io): ${(err as Error).message}`);
  }
  logs.attach(child.stdout);
  logs.attach(child.stderr);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`dockerd exited (code ${code}, signal ${signal})`));
    child.once('error', (err) => resolve(`cannot run dockerd (install docker.io): ${err.message}`));
  });
  let gone: string | undefined;
  void exited.then((why) => (gone = why));

  const until = Date.now() + START_DEADLINE_MS;
  while (!(await answers(docker))) {
    if (gone !== undefined || Date.now() > until) {
      child.kill('SIGKILL');
      await removeRoot(root);
      throw new Error(`${gone ?? `dockerd did not answer on ${socketPath} within ${START_DEADLINE_MS} ms`}\n${logs.tail(20)}`);
    }
    await new Promise((r) => setTimeout(r, 100)); // poll interval for the ping probe
  }

  let stopping: Promise<void> | undefined;
  return {
    socketPath,
    docker,
    owned: true,
    stop: () => {
      stopping ??= (async () => {
        if (gone === undefined) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(killer);
        }
        await removeRoot(root);
      })();
      return stopping;
    },
  };
}
