/**
 * Runs a scenario (bundle or .ts entry) on a load engine — servebench's built-in one unless a
 * test asks for the user's k6 — without blocking the event loop (targets under test live in
 * this process), and reads back the JSON summary the scenario wrote. Each test process bundles
 * into its own temp dir, never the shared dist/ that other test files (and the user) build.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../../build/bundle.ts';
import { builtinEngine, type LoadEngine } from '../../../runner/load/load-engine.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ScenarioResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The JSON summary (k6's plus the `servebench` section), when the run wrote one. */
  summary: ScenarioSummary | null;
}

export interface ScenarioSummary {
  metrics: Record<string, { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  root_group: { checks: { name: string; passes: number; fails: number }[] };
  servebench: Record<string, any>;
}

let bundleDir: string | undefined;
let bundled: Promise<string[]> | undefined;

/** This process's bundle folder, made on first use and removed when the process exits. */
function ownBundleDir(): string {
  if (!bundleDir) {
    const dir = mkdtempSync(join(tmpdir(), 'servebench-dist-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    bundleDir = dir;
  }
  return bundleDir;
}

/** Builds the bundles once per test process, into its own folder. */
export function ensureBundle(): Promise<string[]> {
  bundled ??= bundle(ownBundleDir());
  return bundled;
}

/** A bundle outside <repo>/dist/ finds the repo's data through SERVEBENCH_ROOT (see build/bundle.ts). */
export const rootEnv = (entry: string): Record<string, string> => (bundleDir && entry.startsWith(bundleDir) ? { SERVEBENCH_ROOT: ROOT } : {});

/** A bundle built by ensureBundle(). */
export const distEntry = (name: string) => join(ownBundleDir(), `${name}.js`);
export const tsEntry = (name: string) => join(ROOT, 'scenarios', `${name}.ts`);

/** Short smoke defaults; tests override what they exercise. */
export const QUICK_ENV = { PROFILE: 'smoke', WARMUP: '0', DURATION: '2s', POOL: '4' };

export async function runScenario(entry: string, env: Record<string, string>, engine: LoadEngine = builtinEngine()): Promise<ScenarioResult> {
  const dir = await mkdtemp(join(tmpdir(), 'servebench-scenario-'));
  const summaryPath = join(dir, 'summary.json');
  const childEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    K6_NO_USAGE_REPORT: 'true',
    SUMMARY_PATH: summaryPath,
    ...rootEnv(entry),
    ...env,
  };
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        engine.command,
        [...engine.prefix, '--quiet', '--no-usage-report', entry],
        { env: childEnv, cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
    const text = await readFile(summaryPath, 'utf8').catch(() => null);
    return { code, stdout, stderr, summary: text ? (JSON.parse(text) as ScenarioSummary) : null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** k6's exit codes, which the built-in engine shares. */
export const EXIT = { ok: 0, thresholdsFailed: 99, scriptException: 107, scriptAborted: 108 } as const;

export function describeRun(r: ScenarioResult): string {
  return `the engine exited ${r.code}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
}

/** passes/fails per check name. */
export function checkCounts(s: ScenarioSummary): Record<string, { passes: number; fails: number }> {
  return Object.fromEntries(s.root_group.checks.map((c) => [c.name, { passes: c.passes, fails: c.fails }]));
}

/** The scenario env naming a running target: BASE_URL for REST, GRPC_ADDR for grpc://host:port. */
export function addressEnv(url: string): Record<string, string> {
  return url.startsWith('grpc://') ? { GRPC_ADDR: url.slice('grpc://'.length) } : { BASE_URL: url };
}
