/** The machine and versions a run measured on (environment.json). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadEngine } from '../load/load-engine.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function collectEnvironment(engine: LoadEngine, commandLine: string[]): Record<string, unknown> {
  const cpus = os.cpus();
  const dirty = tryRun('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadEngine: { name: engine.name, version: engine.version },
    engines: {
      'onnxruntime-node': packageVersion('onnxruntime-node'),
      '@tensorflow/tfjs': packageVersion('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
      '@tensorflow/tfjs-node': packageVersion('@tensorflow/tfjs-node'),
    },
    gitCommit: tryRun('git', ['rev-parse', 'HEAD']),
    gitDirty: dirty === undefined ? undefined : dirty.length > 0,
    taskset: tryRun('taskset', ['--version']) !== undefined,
    commandLine,
  };
}
