/**
 * Runs one load test (the built-in engine or the user's k6, same arguments) as a child
 * process group: env in, JSON summary file out. Its REST API (127.0.0.1, free port) is what the
 * progress line polls; its text output only goes to a log.
 */
import { spawn } from 'node:child_process';
import { LogBuffer } from '../runtimes/log-buffer.ts';
import { pinned } from '../runtimes/taskset.ts';
import { freePort } from '../runtimes/free-port.ts';
import type { LoadEngine } from './load-engine.ts';

export interface LoadRun {
  engine: LoadEngine;
  script: string;
  env: Record<string, string>;
  /** The engine's --summary-export (a fallback when handleSummary wrote nothing). */
  exportPath: string;
  logPath: string;
  cpus?: string;
  warn(message: string): void;
  extraArgs?: string[];
}

export interface RunningLoad {
  pid: number | undefined;
  /** http://127.0.0.1:<port> of k6's REST API. */
  api: string;
  done: Promise<{ code: number | null; signal: string | null }>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export async function startLoad(run: LoadRun): Promise<RunningLoad> {
  const port = await freePort();
  const args = [...run.engine.prefix, '--address', `127.0.0.1:${port}`, '--no-color', '--quiet', '--summary-export', run.exportPath, ...(run.extraArgs ?? []), run.script];
  const [cmd, argv] = pinned(run.cpus, run.engine.command, args, run.warn);
  const child = spawn(cmd, argv, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...run.env },
  });
  const logs = new LogBuffer(run.logPath);
  logs.attach(child.stdout);
  logs.attach(child.stderr);
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      run.warn(`${run.engine.name} load engine failed to start: ${err.message}`);
      resolve({ code: null, signal: null });
    });
  }).then(async (r) => {
    await logs.close();
    return r;
  });
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    api: `http://127.0.0.1:${port}`,
    done,
    logTail: (lines) => logs.tail(lines),
    stop() {
      stopping ??= (async () => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        // SIGINT lets the engine stop the test and still write its summary; SIGKILL if it hangs.
        try {
          process.kill(-child.pid, 'SIGINT');
        } catch {
          return;
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {
            // gone
          }
        }, 10_000);
        await done;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
