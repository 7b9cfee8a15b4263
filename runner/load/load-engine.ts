/**
 * Which load engine runs the scenarios: servebench's built-in one (the default; no k6 needed)
 * or a k6 the user installed (`K6_BIN`, else `k6` on PATH; version checked). servebench never
 * downloads or builds k6 (AGPL-3.0): when it is asked for and missing, the message says how to
 * install it from k6's own distribution. Both take the same `run`-style arguments.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOAD_ENGINES = ['builtin', 'k6'] as const;
export type LoadEngineName = (typeof LOAD_ENGINES)[number];

export interface LoadEngine {
  name: LoadEngineName;
  /** e.g. `servebench-loadgen 0.1.0` or `k6 v1.3.0`. */
  version: string;
  command: string;
  /** Arguments before k6's `run` flags (`run` for k6, the CLI path and `load` for ours). */
  prefix: string[];
  /**
   * The arguments that make the engine write its own stats (CPU, scheduling, the iteration
   * starts it achieved) to `path`; absent: the engine records none (k6).
   */
  statsArgs?(path: string): string[];
}

export class LoadEngineMissing extends Error {
  override name = 'LoadEngineMissing';
}

const CLI = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
export const BUILTIN_VERSION = 'servebench-loadgen 0.1.0';
/** Oldest k6 the scenarios are written for. */
const MIN_K6 = [2, 2] as const;

export function builtinEngine(): LoadEngine {
  return { name: 'builtin', version: BUILTIN_VERSION, command: process.execPath, prefix: [CLI, 'load'], statsArgs: (path) => ['--engine-stats', path] };
}

const HOW_TO_INSTALL =
  'k6 is not installed. servebench does not download or build k6 (it is AGPL-3.0); install it from k6\'s own distribution ' +
  '(https://grafana.com/docs/k6/latest/set-up/install-k6/: a package for your OS, the official Docker image grafana/k6, or a release binary), ' +
  'then put it on PATH or set K6_BIN=/path/to/k6. Or use the built-in engine: --load-engine builtin (the default).';

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

/** `k6 version` → `k6 v1.2.3`; throws when the binary is not a usable k6. */
export function k6Version(bin: string): string {
  let out: string;
  try {
    out = execFileSync(bin, ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch (err) {
    throw new LoadEngineMissing(`${bin} version failed (${(err as Error).message.split('\n')[0]}). ${HOW_TO_INSTALL}`);
  }
  const m = /k6 v(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) throw new LoadEngineMissing(`${bin} does not look like k6 (\`${bin} version\` printed ${JSON.stringify(out.trim().slice(0, 80))}). ${HOW_TO_INSTALL}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_K6[0] || (major === MIN_K6[0] && minor < MIN_K6[1])) throw new LoadEngineMissing(`${bin} is k6 v${m[1]}.${m[2]}; servebench needs k6 >= v${MIN_K6.join('.')}`);
  return `k6 v${m[1]}.${m[2]}.${m[3]}`;
}

/** The user's k6, or a LoadEngineMissing naming how to get it. */
export function userK6(env: NodeJS.ProcessEnv = process.env): LoadEngine {
  const bin = env.K6_BIN || onPath(env);
  if (!bin) throw new LoadEngineMissing(HOW_TO_INSTALL);
  return { name: 'k6', version: k6Version(bin), command: bin, prefix: ['run'] };
}

export function resolveLoadEngine(name: LoadEngineName, env: NodeJS.ProcessEnv = process.env): LoadEngine {
  return name === 'k6' ? userK6(env) : builtinEngine();
}

export function parseLoadEngineName(value: string): LoadEngineName {
  if (!(LOAD_ENGINES as readonly string[]).includes(value)) throw new Error(`--load-engine ${value}: expected ${LOAD_ENGINES.join(' or ')}`);
  return value as LoadEngineName;
}
