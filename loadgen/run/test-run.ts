/**
 * One test, start to end, as k6 runs it: VUs initialised, setup() once, every scenario at its
 * startTime, teardown(), then the summary. Metrics from the VU threads are merged here; vus,
 * vus_max and dropped_iterations are emitted here; thresholds are evaluated every 2 s
 * (abortOnFail) and at the end. Ctrl-C or exec.test.abort() stops the scenarios, still runs
 * teardown and writes the summary.
 */
import { availableParallelism } from 'node:os';
import type { Output } from '../outputs/output.ts';
import type { Sample } from '../metrics/sample.ts';
import type { TestOptions } from '../options/test-options.ts';
import { createMainAggregator, type MainAggregator } from './aggregator.ts';
import { ArrivalRecorder, type ArrivalStats } from './arrival-recorder.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { OptionsRuntime } from './options-runtime.ts';
import { startProgress } from './progress.ts';
import { driveScenario, type DriverContext, type PlannedScenario } from './scenario-driver.ts';
import { VuPool, type Vu, type VuMode } from './vu-pool.ts';
import { startLiveApi } from './live-api.ts';
import { waitUntil } from './start-at.ts';

export interface TestRunConfig {
  bundle: { code: string; path: string; dir: string };
  env: Record<string, string>;
  options: TestOptions;
  init: OptionsRuntime;
  scenarios: PlannedScenario[];
  vusMax: number;
  /** VU id in the whole test for the instance's n-th VU (1-based), execution segments applied. */
  vuIdOf(idInInstance: number): number;
  mode: VuMode;
  hostThreads?: number;
  outputs: Output[];
  quiet: boolean;
  address?: string;
  /** Resolves when the user asks to stop (Ctrl-C). */
  interrupt: Promise<void>;
  /** Wall-clock instant (ms since the epoch) to wait for after VU init, before setup() (--start-at). */
  startAt?: number;
}

export interface TestRunResult {
  aggregator: MainAggregator;
  exitCode: ExitCode;
  testRunDurationMs: number;
  /** Why the test ended early, if it did. */
  aborted?: string;
  setupData?: string;
  scheduling: { ticks: number; lateMsMax: number; lateMsSum: number; lateOver1ms: number };
  /** The iteration starts each arrival-rate scenario achieved (bounded sample of their gaps). */
  arrivals: ArrivalStats;
  /** What the engine itself used while the scenarios ran (all its threads): CPU ms and RSS at the end. */
  usage: { cpuUserMs: number; cpuSystemMs: number; rssBytes: number; vusMax: number; mode: VuMode };
  /** Wall-clock instants (ms since the epoch): VUs ready, setup() begun (after --start-at), scenarios' zero, end. */
  wall: { initDoneAt: number; beganAt: number; testStartedAt: number; endedAt: number };
}

export async function runTest(cfg: TestRunConfig): Promise<TestRunResult> {
  const agg = createMainAggregator(cfg.init.metricDefs, cfg.options.thresholds);
  let abortReason: string | undefined;
  let exitCode = EXIT.ok as ExitCode;
  const stopFns: (() => void)[] = [];
  let stopped = false;
  const stopAll = (reason: string, code: ExitCode) => {
    if (stopped) return;
    stopped = true;
    abortReason = reason;
    exitCode = code;
    for (const f of stopFns) f();
  };
  const streaming = cfg.outputs.length > 0;
  const pool = new VuPool({
    bundle: cfg.bundle,
    env: cfg.env,
    testTags: cfg.options.tags,
    options: cfg.options.asScriptSees,
    shared: cfg.init.shared,
    metricDefs: cfg.init.metricDefs,
    submetrics: Object.keys(cfg.options.thresholds),
    streamSamples: streaming,
    mode: cfg.mode,
    hostThreads: cfg.hostThreads ?? Math.min(availableParallelism(), Math.max(1, cfg.vusMax)),
    onDelta(delta, samples) {
      agg.merge(delta);
      if (samples?.length) for (const o of cfg.outputs) o.addSamples(samples as Sample[]);
    },
    onAbort(reason) {
      stopAll(`test aborted: ${reason}`, EXIT.scriptAborted);
    },
    onFatal(error) {
      process.stderr.write(`ERRO ${error}\n`);
      stopAll(error, EXIT.scriptException);
    },
  });
  void cfg.interrupt.then(() => stopAll('stopped by the user (interrupt)', EXIT.externalAbort));
  const emitMain = (metric: string, value: number, tags: Record<string, string>) => {
    const time = Date.now();
    agg.add(metric, value, tags, time);
    if (streaming) for (const o of cfg.outputs) o.addSamples([{ metric, value, tags, time }]);
  };

  let testStart = 0;
  const scheduling = { ticks: 0, lateMsMax: 0, lateMsSum: 0, lateOver1ms: 0 };
  const arrivals = new ArrivalRecorder();
  const free: Vu[] = [];
  let live: Awaited<ReturnType<typeof startLiveApi>> | undefined;
  try {
    if (cfg.address) {
      live = await startLiveApi(cfg.address, {
        metric: (name) => agg.live(name),
        status: () => ({ running: testStart > 0 && !stopped, vus: pool.vus.filter((v) => v.busy).length, vusMax: pool.size, stopped }),
      });
    }
    const setupVu = await pool.setupVu();
    free.push(...(await pool.grow(cfg.vusMax, cfg.vuIdOf)));
    const initDoneAt = Date.now();
    if (cfg.startAt !== undefined) await waitUntil(cfg.startAt, cfg.interrupt);
    const beganAt = Date.now();
    const exportsHave = (name: string) => typeof cfg.init.runtime.exports[name] === 'function';

    let setupData: string | undefined;
    if (exportsHave('setup')) {
      const r = await withTimeout(pool.call(setupVu, 'setup', undefined, 0), cfg.options.setupTimeoutMs, 'setup()');
      if (r.error) {
        const timedOut = r.error.startsWith('setup() timed out');
        if (!stopped) stopAll(timedOut ? r.error : `setup() failed: ${r.error}`, timedOut ? EXIT.setupTimeout : EXIT.scriptException);
      }
      setupData = r.result;
    }

    let cpuAtStart = process.cpuUsage();
    let cpuUsed = { user: 0, system: 0 };
    let rssBytes = 0;
    if (!stopped) {
      testStart = Date.now();
      arrivals.startAt(performance.now());
      cpuAtStart = process.cpuUsage();
      const progress = startProgress(
        () => ({
          elapsedMs: Date.now() - testStart,
          vus: pool.size - free.length,
          vusMax: pool.size,
          completed: agg.count('iterations'),
          interrupted: pool.interruptedIterations,
          scenarios: cfg.scenarios.map((s) => ({ name: s.name, executor: s.executor, state: Date.now() - testStart < s.startMs ? 'waiting' : 'running', detail: '' })),
        }),
        cfg.quiet,
      );
      const gauges = setInterval(() => {
        emitMain('vus', pool.size - free.length, { ...cfg.options.tags });
        emitMain('vus_max', pool.size, { ...cfg.options.tags });
        const verdict = agg.evaluateThresholds(Date.now() - testStart);
        if (verdict.abort) stopAll(`thresholds ${verdict.abort.join(', ')} crossed (abortOnFail)`, EXIT.thresholdsFailed);
      }, 1000);
      const ctx: DriverContext = {
        pool,
        testStart,
        setupData,
        segment: cfg.options.executionSegment,
        sequence: cfg.options.executionSegmentSequence,
        async take(n) {
          if (free.length < n) free.push(...(await pool.grow(n - free.length, cfg.vuIdOf)));
          return free.splice(0, n);
        },
        give(vus) {
          free.push(...vus);
        },
        async growOne() {
          if (stopped) return undefined;
          try {
            return (await pool.grow(1, cfg.vuIdOf))[0];
          } catch {
            return undefined;
          }
        },
        dropped(s) {
          emitMain('dropped_iterations', 1, { ...cfg.options.tags, ...s.tags, scenario: s.name });
        },
        started(s) {
          arrivals.started(s.name, performance.now());
        },
        late(ms) {
          scheduling.ticks++;
          scheduling.lateMsSum += Math.max(0, ms);
          scheduling.lateMsMax = Math.max(scheduling.lateMsMax, ms);
          if (ms > 1) scheduling.lateOver1ms++;
        },
        stopped: () => stopped,
        onStop(fn) {
          stopFns.push(fn);
        },
      };
      await Promise.all(cfg.scenarios.map((s) => driveScenario(ctx, s)));
      cpuUsed = process.cpuUsage(cpuAtStart);
      rssBytes = process.memoryUsage().rss;
      clearInterval(gauges);
      progress.stop();
    }

    if (exportsHave('teardown') && exitCode !== EXIT.scriptException && exitCode !== EXIT.setupTimeout) {
      const r = await withTimeout(pool.call(setupVu, 'teardown', setupData, testStart), cfg.options.teardownTimeoutMs, 'teardown()');
      if (r.error) process.stderr.write(`ERRO teardown: ${r.error}\n`);
    }
    await pool.flush();
    const durationMs = testStart ? Date.now() - testStart : 0;
    const verdict = agg.evaluateThresholds(durationMs, true);
    if (exitCode === EXIT.ok && verdict.failed.length) exitCode = EXIT.thresholdsFailed;
    const usage = { cpuUserMs: cpuUsed.user / 1000, cpuSystemMs: cpuUsed.system / 1000, rssBytes, vusMax: pool.size, mode: cfg.mode };
    const wall = { initDoneAt, beganAt, testStartedAt: testStart, endedAt: Date.now() };
    return { aggregator: agg, exitCode, testRunDurationMs: durationMs, aborted: abortReason, setupData, scheduling, arrivals: arrivals.stats(), usage, wall };
  } finally {
    await pool.close();
    live?.close();
  }
}

function withTimeout<T extends { error?: string }>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: `${what} timed out after ${ms} ms` } as T), ms);
    void p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
