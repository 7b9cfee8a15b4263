/**
 * The `process` runtime: each target is `servebench serve <id> --port 0 ...` as a child process
 * in its own process group (so stopping it stops everything it started), pinned with taskset
 * when asked. Ready = the "listening on <url>" line, then the health probe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { targetFlagArgs } from '../target-flags.ts';
import { createTreeMeter } from '../resources/cpu-meter.ts';
import { isAlive } from '../resources/proc-tree.ts';
import { waitHealthy } from '../run/health-probe.ts';
import { LogBuffer } from './log-buffer.ts';
import type { LaunchedTarget, Runtime, TargetLaunch } from './runtime.ts';
import { pinned } from './taskset.ts';
import { servedModelName } from '../../servers/model/model-dir.ts';
import { safeName } from '../results/run-store.ts';

const BIN = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
const LISTENING = /^servebench: \S+ \(.*\) listening on (\S+)$/;

export interface RuntimeOptions {
  /** Where `<label>.log` files go. */
  logDir: string;
  /** Deadline for start + health probe. */
  startDeadlineMs: number;
  warn(message: string): void;
}

export function serveArgs(launch: TargetLaunch): string[] {
  const o = launch.options;
  const args = ['serve', launch.targetId, '--host', o.host, '--port', String(o.port), '--max-batch', String(o.maxBatch), '--max-body', String(o.maxBodyBytes)];
  if (o.upstream) args.push('--upstream', o.upstream);
  return [...args, ...targetFlagArgs(o)];
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || (child.exitCode !== null || child.signalCode !== null) && !isAlive(child.pid)) return;
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL'); // anything left in the group
}

export function createProcessRuntime(options: RuntimeOptions): Runtime {
  const running = new Set<LaunchedTarget>();

  async function start(launch: TargetLaunch): Promise<LaunchedTarget> {
    const logs = new LogBuffer(join(options.logDir, `${safeName(launch.label)}.log`));
    const [cmd, args] = pinned(launch.cpus, process.execPath, [BIN, ...serveArgs(launch)], options.warn);
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    let stopped: Promise<void> | undefined;
    const meter = createTreeMeter(() => (child.pid === undefined ? [] : [child.pid]));
    const handle: LaunchedTarget = {
      url: '',
      pid: child.pid,
      sample: async () => meter(),
      logTail: (lines) => logs.tail(lines),
      exited,
      stop: () => {
        stopped ??= stopChild(child, exited).then(() => logs.close()).finally(() => running.delete(handle));
        return stopped;
      },
    };
    running.add(handle);
    const url = new Promise<string>((resolve, reject) => {
      logs.attach(child.stdout, (line) => {
        const m = line.match(LISTENING);
        if (m) resolve(m[1]);
      });
      logs.attach(child.stderr);
      void exited.then(({ code, signal }) => reject(new Error(`${launch.label} exited during start (code ${code}, signal ${signal})`)));
    });
    const abort = new AbortController();
    void exited.then(() => abort.abort('target exited'));
    const deadline = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`${launch.label} printed no listening line within ${options.startDeadlineMs} ms`)), options.startDeadlineMs);
      void exited.then(() => clearTimeout(t));
      void url.then(() => clearTimeout(t), () => clearTimeout(t));
    });
    try {
      handle.url = await Promise.race([url, deadline]);
      const modelName = servedModelName(launch.options);
      await waitHealthy(handle.url, { modelName, deadlineMs: options.startDeadlineMs, abort: abort.signal });
    } catch (err) {
      await handle.stop();
      const reason = err instanceof Error ? err.message : String(err);
      throw Object.assign(new Error(reason), { logTail: logs.tail() });
    }
    return handle;
  }

  return {
    name: 'process',
    start,
    async stopAll() {
      await Promise.all([...running].map((t) => t.stop()));
    },
  };
}
