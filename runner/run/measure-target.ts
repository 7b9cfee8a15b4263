/**
 * Measures one target: start it (health-probed), run each profile on the load engine while
 * sampling the target's processes and the engine's own, stop it. A target that fails to start or dies mid-run is
 * recorded as failed with its log tail; the caller goes on with the next target.
 */
import type { TargetOptions } from '../../servers/targets/target.ts';
import type { ProfileName } from '../../scenarios/lib/profiles/registry.ts';
import type { LoadEngine } from '../load/load-engine.ts';
import { startLoad, type RunningLoad } from '../load/load-process.ts';
import { liveCount } from '../load/live-count.ts';
import { createTreeMeter } from '../resources/cpu-meter.ts';
import { startSampler } from '../resources/resource-sampler.ts';
import { writeJson, type ProfileMeta, type ResourceFile, type RunStore, type TargetStatus } from '../results/run-store.ts';
import type { Runtime } from '../runtimes/runtime.ts';
import type { InfluxSink } from './optional-modules.ts';
import { position } from './progress-plan.ts';
import { profileEnv, type RunPlan, type RunSettings } from './run-settings.ts';
import { formatSeconds, type StatusLine } from './status-line.ts';
import { startExternalUnit } from './external-unit.ts';
import { startUnit, type MeasuredUnit } from './target-unit.ts';
import { VERIFY_REQUESTS, wrongAnswers } from './verify-answers.ts';
import type { TargetSpec } from './target-specs.ts';
import { createPhaseClock } from './resource-phase.ts';

export interface RunContext {
  settings: RunSettings;
  /** Every profile's settings and plan, resolved once (plan.json). */
  plan: RunPlan;
  store: RunStore;
  runtime: Runtime;
  engine: LoadEngine;
  scriptFor(spec: TargetSpec): string;
  /** The repo the bundles read their data from (SERVEBENCH_ROOT: they live in the run's folder, not dist/). */
  repoRoot: string;
  targetOptions: TargetOptions;
  line: StatusLine;
  /** Aborted on Ctrl-C / SIGTERM. */
  stop: AbortSignal;
  /** The load run in flight, so a signal can stop it. */
  current: { load?: RunningLoad };
  clientCores: number;
  warn(message: string): void;
  /** Extra engine arguments (e.g. an InfluxDB output from the influx hook). */
  loadArgs: string[];
  influx?: InfluxSink;
}

/** cAdvisor's points for the profile's window; none (and a warning) when InfluxDB cannot answer. */
async function collectAfter(ctx: RunContext, spec: TargetSpec, meter: Extract<MeasuredUnit['meter'], { kind: 'after' }>, from: Date, to: Date) {
  ctx.line.update(`${spec.label}: reading cAdvisor's points from InfluxDB`);
  const samples = await meter.collect(from.getTime(), to.getTime()).catch((err: unknown) => {
    ctx.warn(`${spec.label}: cAdvisor's series could not be read (${err instanceof Error ? err.message : String(err)})`);
    return [];
  });
  if (!samples.length) ctx.warn(`${spec.label}: cAdvisor wrote no points for its container in the measured window`);
  return samples;
}

function startTarget(ctx: RunContext, spec: TargetSpec): Promise<MeasuredUnit> {
  if (!spec.externalUrl) return startUnit(ctx.runtime, spec, ctx.targetOptions, ctx.settings.serverCpus);
  const { settings } = ctx;
  return startExternalUnit(spec, {
    modelName: settings.modelName,
    deadlineMs: settings.startDeadlineMs,
    abort: ctx.stop,
    statsContainer: settings.statsContainers[spec.label],
    dockerSocket: settings.docker.socketPath,
    influx: settings.influx,
    cadvisorWaitMs: settings.cadvisorWaitMs,
    warn: ctx.warn,
  });
}

type Outcome = { kind: 'done' } | { kind: 'died'; reason: string } | { kind: 'stopped' };

async function runProfile(ctx: RunContext, spec: TargetSpec, unit: MeasuredUnit, profile: ProfileName, index: string): Promise<Outcome> {
  const { store, settings } = ctx;
  const planned = ctx.plan.profiles[profile];
  if (!planned) throw new Error(`${profile} is not in the run's plan`);
  store.ensure(store.profileDir(spec.label, profile));
  const env: Record<string, string> = {
    ...profileEnv(settings, profile, planned),
    TARGET: spec.label,
    SERVEBENCH_ROOT: ctx.repoRoot,
    SUMMARY_PATH: store.summary(spec.label, profile),
    // Canned answers (the null baseline, also behind a gateway) are judged by shape only.
    ...(spec.servesModel ? {} : { EXPECT: 'shape' }),
    ...(spec.protocol === 'rest' ? { BASE_URL: unit.url } : { GRPC_ADDR: unit.url.replace(/^grpc:\/\//, '') }),
  };
  const startedAt = new Date();
  const k6 = await startLoad({
    engine: ctx.engine,
    script: ctx.scriptFor(spec),
    env,
    exportPath: store.loadExport(spec.label, profile),
    logPath: store.loadLog(spec.label, profile),
    cpus: settings.clientCpus,
    warn: ctx.warn,
    extraArgs: [...ctx.loadArgs, ...(ctx.engine.statsArgs?.(store.engineStats(spec.label, profile)) ?? [])],
  });
  ctx.current.load = k6;
  // Each reading also goes to InfluxDB as it is taken (batched by the sink), so dashboards are live.
  const { meter } = unit;
  const phase = createPhaseClock(planned.plan, startedAt.getTime());
  const targetSampler =
    meter.kind === 'live'
      ? startSampler(async () => {
          const sample = await meter.sample();
          ctx.influx?.writeSamples(spec.label, [sample], { profile, phase: phase.phaseAt(sample.t) });
          return sample;
        })
      : undefined;
  const generatorMeter = createTreeMeter(() => (k6.pid === undefined ? [] : [k6.pid]));
  // The load engine's own CPU and memory go to InfluxDB too (role `load`), for the dashboards' load-generator panel.
  const generatorSampler = startSampler(() => {
    const sample = generatorMeter();
    ctx.influx?.writeSamples(spec.label, [sample], { profile, role: 'load', phase: phase.phaseAt(sample.t) });
    return sample;
  });
  const counter = spec.protocol === 'rest' ? 'http_reqs' : 'iterations';
  const progress = setInterval(() => {
    void liveCount(k6.api, counter).then((count) => {
      phase.observe(count);
      const requests = spec.protocol === 'grpc' && profile === 'paper' ? undefined : count;
      const elapsed = Date.now() - startedAt.getTime();
      const at = position(planned.plan, elapsed, requests);
      const left = at.remainingS === undefined ? '' : `  ~${formatSeconds(at.remainingS)} left`;
      ctx.line.update(`${index} ${spec.label} ${profile} ${at.step}  ${requests ?? '-'} req  ${formatSeconds(elapsed / 1000)}${left}`);
    });
  }, 1000);
  const died = unit.exited.then((e) => ({ kind: 'died' as const, reason: `${e.who} exited mid-run (code ${e.code}, signal ${e.signal})` }));
  let onAbort = () => {};
  const stopped = new Promise<Outcome>((resolve) => {
    onAbort = () => resolve({ kind: 'stopped' });
    if (ctx.stop.aborted) onAbort();
    ctx.stop.addEventListener('abort', onAbort, { once: true });
  });
  const outcome = await Promise.race([k6.done.then(() => ({ kind: 'done' as const })), died, stopped]);
  ctx.stop.removeEventListener('abort', onAbort); // one listener per profile would pile up over a long run
  clearInterval(progress);
  if (outcome.kind !== 'done') await k6.stop();
  const result = await k6.done;
  ctx.current.load = undefined;
  const endedAt = new Date();
  const generator = generatorSampler.stop();
  const target = targetSampler?.stop() ?? (meter.kind === 'after' ? await collectAfter(ctx, spec, meter, startedAt, endedAt) : []);
  const resources: ResourceFile = {
    target,
    targetSource: meter.source,
    ...(meter.kind === 'none' ? { targetNotMeasured: meter.reason } : {}),
    generator,
    generatorCores: ctx.clientCores,
  };
  writeJson(store.resources(spec.label, profile), resources);
  const meta: ProfileMeta = {
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    loadExit: result.code,
    loadSignal: result.signal,
    interrupted: outcome.kind !== 'done',
    env,
  };
  writeJson(store.meta(spec.label, profile), meta);
  return outcome;
}

export async function measureTarget(ctx: RunContext, spec: TargetSpec, index: string): Promise<TargetStatus> {
  const { store } = ctx;
  store.ensure(store.targetDir(spec.label));
  const status: TargetStatus = {
    label: spec.label,
    targetId: spec.targetId,
    upstreamId: spec.upstreamId,
    ...(spec.externalUrl ? { externalUrl: spec.externalUrl } : {}),
    protocol: spec.protocol,
    paperRole: spec.paperRole,
    status: 'running',
    profiles: [],
  };
  writeJson(store.status(spec.label), status);
  ctx.line.print(`${index} ${spec.label}: ${spec.externalUrl ? `external at ${spec.externalUrl}, probing` : 'starting'}`);
  let unit: MeasuredUnit;
  try {
    unit = await startTarget(ctx, spec);
  } catch (err) {
    const reason = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
    status.status = ctx.stop.aborted ? 'interrupted' : 'failed';
    status.failure = { reason, logTail: (err as { logTail?: string }).logTail ?? '' };
    writeJson(store.status(spec.label), status);
    ctx.line.print(`${index} ${spec.label}: ${reason}`);
    return status;
  }
  try {
    ctx.line.update(`${index} ${spec.label}: checking ${VERIFY_REQUESTS} answers before measuring`);
    const invalid = await wrongAnswers(ctx.settings, spec, unit.url);
    if (invalid) {
      status.status = 'invalid';
      status.failure = { reason: invalid, logTail: unit.logTail() };
    }
    for (const profile of invalid ? [] : ctx.settings.profiles) {
      if (ctx.stop.aborted) break;
      const outcome = await runProfile(ctx, spec, unit, profile, index);
      status.profiles.push(profile);
      if (outcome.kind === 'died') {
        status.status = 'failed';
        status.failure = { reason: outcome.reason, logTail: unit.logTail() };
        break;
      }
      if (outcome.kind === 'stopped') status.status = 'interrupted';
    }
  } finally {
    await unit.stop();
  }
  if (status.status === 'running') status.status = ctx.stop.aborted ? 'interrupted' : 'ok';
  writeJson(store.status(spec.label), status);
  ctx.line.print(`${index} ${spec.label}: ${status.status}${status.failure ? ` (${status.failure.reason})` : ''}`);
  return status;
}
