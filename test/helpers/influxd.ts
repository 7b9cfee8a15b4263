/**
 * A throwaway InfluxDB 1.x for tests: influxd on free 127.0.0.1 ports (HTTP and the RPC/backup
 * service), data/meta/wal in a temp dir, reporting off; ready when /ping answers; stop() ends it
 * and removes the dir. Fails with install instructions when influxd is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../../runner/runtimes/free-port.ts';

export interface Influxd {
  /** http://127.0.0.1:<port> (append /<database> for the sink and k6). */
  url: string;
  port: number;
  /** Stops influxd (idempotent) and removes its directory. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

function findInfluxd(): string {
  const candidates = process.env.INFLUXD_BIN
    ? [process.env.INFLUXD_BIN]
    : [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'influxd')), '/usr/bin/influxd'];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'influxd (InfluxDB 1.x) is not installed, so the InfluxDB tests cannot run. ' +
      'Install it with `sudo apt-get install -y influxdb` (Debian/Ubuntu; CI does this), ' +
      'or set INFLUXD_BIN=/path/to/influxd.',
  );
}


function config(dir: string, httpPort: number, rpcPort: number): string {
  return [
    'reporting-disabled = true',
    `bind-address = "127.0.0.1:${rpcPort}"`,
    '[meta]',
    `  dir = "${join(dir, 'meta')}"`,
    '[data]',
    `  dir = "${join(dir, 'data')}"`,
    `  wal-dir = "${join(dir, 'wal')}"`,
    '  query-log-enabled = false',
    '[http]',
    '  enabled = true',
    `  bind-address = "127.0.0.1:${httpPort}"`,
    '  log-enabled = false',
    '[monitor]',
    '  store-enabled = false',
    '[continuous_queries]',
    '  enabled = false',
    '',
  ].join('\n');
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`influxd exited with code ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/ping`);
      if (res.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`influxd did not answer ${url}/ping within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

export async function startInfluxd(): Promise<Influxd> {
  const bin = findInfluxd();
  const dir = await mkdtemp(join(tmpdir(), 'servebench-influxd-'));
  const port = await freePort();
  const rpcPort = await freePort();
  const configPath = join(dir, 'influxdb.conf');
  await writeFile(configPath, config(dir, port, rpcPort));
  const child = spawn(bin, ['-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    await waitReady(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, stop };
}
