/**
 * A whole run: write settings and environment, bundle the scenarios, measure the targets one
 * after another, then write the reports. Ctrl-C / SIGTERM stops everything started and still
 * writes what there is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { bundle, ROOT } from '../../build/bundle.ts';
import { resolveLoadEngine } from '../load/load-engine.ts';
import { DEFAULT_TARGET_OPTIONS } from '../../servers/targets/target.ts';
import { writeReports } from '../report/write-reports.ts';
import { runStore, writeJson, type TargetStatus } from '../results/run-store.ts';
import { createProcessRuntime, type RuntimeOptions } from '../runtimes/process-runtime.ts';
import type { Runtime } from '../runtimes/runtime.ts';
import { collectEnvironment } from './environment.ts';
import type { RunContext } from './measure-target.ts';
import { measureTarget } from './measure-target.ts';
import { loadDockerRuntime, startInfluxSink, type InfluxSink } from './optional-modules.ts';
import { planRun, type RunSettings } from './run-settings.ts';
import { createStatusLine } from './status-line.ts';
import { parseTargetSpec, type TargetSpec } from './target-specs.ts';

/** The bundled scenario entry of a target in `dir` (named by the rule in target-specs.ts). */
export function scriptFor(spec: TargetSpec, dir: string): string {
  const path = join(dir, `${spec.scenario}.js`);
  if (!existsSync(path)) throw new Error(`no scenario entry for ${spec.label}: ${path} is missing (scenarios/${spec.scenario}.ts)`);
  return path;
}

function cpuCount(list: string | undefined): number {
  if (!list) return os.cpus().length;
  return list.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : b - a + 1);
  }, 0);
}

export interface RunResult {
  runDir: string;
  statuses: TargetStatus[];
  interrupted: boolean;
}

export async function executeRun(settings: RunSettings, out: NodeJS.WriteStream = process.stdout): Promise<RunResult> {
  const store = runStore(join(settings.out, settings.runId));
  store.ensure(store.runDir, store.logDir);
  const line = createStatusLine(out);
  const warned = new Set<string>();
  const warn = (m: string) => {
    if (!warned.has(m)) line.print(`warning: ${m}`);
    warned.add(m);
  };
  const engine = resolveLoadEngine(settings.loadEngine);
  writeJson(store.settings, settings);
  const plan = planRun(settings);
  writeJson(store.plan, plan);
  writeJson(store.environment, collectEnvironment(engine, settings.commandLine));
  await bundle(store.scriptDir);

  const runtimeOptions: RuntimeOptions = { logDir: store.logDir, startDeadlineMs: settings.startDeadlineMs, warn };
  const { docker } = settings;
  const runtime: Runtime =
    settings.runtime === 'docker'
      ? await loadDockerRuntime({
          ...runtimeOptions,
          image: docker.image,
          socketPath: docker.socketPath,
          limits: { cpus: docker.cpus, memoryBytes: docker.memoryMb * 1024 * 1024 },
          binds: docker.mounts,
        })
      : createProcessRuntime(runtimeOptions);
  const controller = new AbortController();
  const current: RunContext['current'] = {};
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    line.print(`servebench: ${signal}: stopping the load engine and every target, then writing what there is`);
    controller.abort(signal);
    void current.load?.stop();
    void runtime.stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let influx: InfluxSink | undefined;
  const statuses: TargetStatus[] = [];
  try {
    if (settings.influx) influx = await startInfluxSink(settings.influx, { runId: settings.runId, profile: settings.profiles.join(','), warn });
    const ctx: RunContext = {
      settings,
      plan,
      store,
      runtime,
      engine,
      scriptFor: (spec) => scriptFor(spec, store.scriptDir),
      repoRoot: ROOT,
      targetOptions: {
        ...DEFAULT_TARGET_OPTIONS,
        modelDir: settings.modelDir,
        modelName: settings.modelName,
        engine: settings.engine,
        threads: settings.threads,
        workers: settings.workers,
        delayMs: settings.delayMs,
        batching: settings.batching,
        limits: settings.limits,
      },
      line,
      stop: controller.signal,
      current,
      clientCores: cpuCount(settings.clientCpus),
      warn,
      loadArgs: influx ? ['--out', influx.k6OutputArg()] : [],
      influx,
    };
    const specs = settings.targets.map(parseTargetSpec);
    for (const [i, spec] of specs.entries()) {
      if (controller.signal.aborted) break;
      statuses.push(await measureTarget(ctx, spec, `[${i + 1}/${specs.length}]`));
    }
  } finally {
    await runtime.stopAll();
    if (influx) {
      const sent = await influx.close();
      writeJson(store.influx, { url: settings.influx, ...sent });
      if (sent.dropped > 0) line.print(`servebench: InfluxDB: ${sent.written} resource points written, ${sent.dropped} dropped; local results are complete`);
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    line.end();
  }
  await writeReports(store.runDir);
  return { runDir: store.runDir, statuses, interrupted: controller.signal.aborted };
}
