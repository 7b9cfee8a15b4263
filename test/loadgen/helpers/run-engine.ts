/**
 * End-to-end harness for the built-in load engine: runs `node bin/servebench.js load [flags]
 * <script>` as a child process (never in-process, so exit codes, signals and stdout are the real
 * ones), in a fresh temp dir per call, and reads back what the run wrote: `--out json=<dir>/out.json`
 * parsed as k6 JSON lines, `--summary-export <dir>/export.json`, and every other file the script
 * wrote into `__ENV.OUT_DIR` (the same dir). Also: loopback node:http targets for the scripts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CLI = join(ROOT, 'bin', 'servebench.js');

/** A fixture script's absolute path (`name` with or without `.js`). */
export const fixture = (name: string) => join(FIXTURES, name.endsWith('.js') || name.endsWith('.ts') ? name : `${name}.js`);

/** k6's exit codes. */
export const EXIT = { ok: 0, thresholdsFailed: 99, invalidConfig: 104, externalAbort: 105, scriptException: 107, scriptAborted: 108 } as const;

export interface JsonMetricLine {
  type: 'Metric';
  metric: string;
  data: { type: string | null; contains: string | null; tainted: unknown; thresholds: unknown[]; submetrics: unknown };
}
export interface JsonPoint {
  type: 'Point';
  metric: string;
  data: { time: string; value: number; tags: Record<string, string> | null };
}

export interface RunOptions {
  /** Flags before the script (k6 spelling). */
  args?: string[];
  /** `-e KEY=VALUE` for each (the script's __ENV); OUT_DIR is always added. */
  vars?: Record<string, string | object>;
  /** Extra process environment (K6_* settings). The child gets only PATH, HOME and these. */
  env?: Record<string, string>;
  /** Adds `--out json=<dir>/out.json` and parses it into `points` / `metrics`. */
  json?: boolean;
  /** Adds `--summary-export <dir>/export.json` and parses it into `summaryExport`. */
  summaryExport?: boolean;
  /** Adds `--quiet` (default true). */
  quiet?: boolean;
  /** The child is SIGKILLed after this (default 45 s); `timedOut` says so. */
  timeoutMs?: number;
  /** Called once the child is spawned (signals, stderr watching). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface EngineRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Wall time of the child process, ms. */
  wallMs: number;
  /** Metric lines of the JSON output, by metric name. */
  metrics: Map<string, JsonMetricLine>;
  /** Point lines of the JSON output, in file order. */
  points: JsonPoint[];
  summaryExport?: any;
  /** Every other file written into OUT_DIR (the child's cwd), by path relative to it, as text. */
  files: Record<string, string>;
  /** OUT_DIR while the run went (removed afterwards). */
  dir: string;
}

const asArg = (v: string | object) => (typeof v === 'string' ? v : JSON.stringify(v));

export async function runEngine(script: string, o: RunOptions = {}): Promise<EngineRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-engine-e2e-'));
  const args = ['load'];
  if (o.quiet ?? true) args.push('--quiet');
  for (const [k, v] of Object.entries({ OUT_DIR: dir, ...(o.vars ?? {}) })) args.push('-e', `${k}=${asArg(v)}`);
  if (o.json) args.push('--out', `json=${join(dir, 'out.json')}`);
  if (o.summaryExport) args.push('--summary-export', join(dir, 'export.json'));
  args.push(...(o.args ?? []), script);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir, TZ: 'UTC', ...(o.env ?? {}) };
  const started = Date.now();
  try {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 45_000);
    o.onSpawn?.(child);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.once('close', (c, s) => res([c, s])));
    clearTimeout(killer);
    const wallMs = Date.now() - started;
    const run: EngineRun = { code, signal, timedOut, stdout, stderr, wallMs, metrics: new Map(), points: [], files: {}, dir };
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const name = relative(dir, join(entry.parentPath ?? entry.path, entry.name));
      const text = await readFile(join(dir, name), 'utf8');
      if (name === 'out.json' && o.json) {
        for (const line of text.split('\n')) {
          if (!line) continue;
          const obj = JSON.parse(line) as JsonMetricLine | JsonPoint;
          if (obj.type === 'Metric') run.metrics.set(obj.metric, obj);
          else run.points.push(obj);
        }
      } else if (name === 'export.json' && o.summaryExport) run.summaryExport = JSON.parse(text);
      else run.files[name] = text;
    }
    return run;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The points of one metric (optionally only those whose tags include `where`). */
export function pointsOf(run: EngineRun, metric: string, where: Record<string, string> = {}): JsonPoint[] {
  return run.points.filter((p) => p.metric === metric && Object.entries(where).every(([k, v]) => p.data.tags?.[k] === v));
}

/** Sum of the values of a metric's points (counters). */
export const sumOf = (run: EngineRun, metric: string, where: Record<string, string> = {}) => pointsOf(run, metric, where).reduce((a, p) => a + p.data.value, 0);

/** The iterations a fixture recorded: its `iter_start` Trend (value = ms since exec.scenario.startTime). */
export interface IterationRecord {
  scenario: string;
  /** exec.scenario.iterationInTest */
  it: number;
  /** exec.vu.idInTest */
  vu: number;
  /** exec.vu.iterationInScenario */
  ivu: number;
  /** ms since exec.scenario.startTime when the iteration began */
  offsetMs: number;
  tags: Record<string, string>;
}

export function iterations(run: EngineRun, scenario?: string): IterationRecord[] {
  return pointsOf(run, 'iter_start', scenario ? { scenario } : {}).map((p) => {
    const t = p.data.tags ?? {};
    return { scenario: t.scenario, it: Number(t.it), vu: Number(t.vu_id), ivu: Number(t.ivu), offsetMs: p.data.value, tags: t };
  });
}

/** Everything a failing assertion needs to see about a run. */
export function describe(run: EngineRun): string {
  return `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}${run.timedOut ? ' TIMED OUT' : ''} after ${run.wallMs} ms\n--- stdout ---\n${run.stdout.slice(-3000)}\n--- stderr ---\n${run.stderr.slice(-3000)}`;
}

export interface Target {
  url: string;
  /** Requests received so far, in order. */
  requests: { method: string; url: string; body: string; raw: Buffer; at: number }[];
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1:0. `handler` may answer itself; otherwise 200 with `ok`.
 * `/status/<n>` answers that status; `?delay=<ms>` waits first.
 */
export async function startTarget(handler?: (req: IncomingMessage, res: ServerResponse, body: string) => boolean | void): Promise<Target> {
  const requests: Target['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', body, raw, at: Date.now() });
      if (handler?.(req, res, body)) return;
      const u = new URL(req.url ?? '/', 'http://x');
      const delay = Number(u.searchParams.get('delay') ?? 0);
      const m = /^\/status\/(\d{3})$/.exec(u.pathname);
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(m ? Number(m[1]) : 200, { 'content-type': 'text/plain' });
        res.end(req.method === 'POST' ? `echo:${body}` : 'ok');
      };
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
}

/** Runs `fn` over `items` with at most `limit` at once (engine instances in parallel). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** Three instances splitting one test in thirds, as the segment tests run them. */
export const THIRDS = { sequence: '0,1/3,2/3,1', segments: ['0:1/3', '1/3:2/3', '2/3:1'] } as const;
