/**
 * Drives one scenario of the test on the instance's VUs, by executor kind: VUs looping until
 * a time (constant-vus), VUs started and stopped by a ramp (ramping-vus), N iterations per VU,
 * iterations shared through a counter, or open-model arrivals: each tick starts an iteration
 * on a free VU or is dropped and counted (dropped_iterations), never delayed.
 */
import type { Tags } from '../metrics/sample.ts';
import type { ScenarioRef } from '../vu/host-protocol.ts';
import type { Vu, VuPool } from './vu-pool.ts';

export type PlanKind =
  | { kind: 'until'; vus: number; durationMs: number }
  | { kind: 'ramping'; activations: { vu: number; startMs: number; endMs: number }[]; vusMax: number; endMs: number; gracefulRampDownMs: number }
  | { kind: 'per-vu'; vus: number; iterations: number; maxDurationMs: number }
  | { kind: 'shared'; vus: number; total: number; maxDurationMs: number }
  | { kind: 'arrival'; ticks: () => Iterable<{ globalIndex: number; atMs: number }>; preAllocated: number; maxVUs: number; durationMs: number };

export interface PlannedScenario {
  name: string;
  executor: string;
  exec: string;
  startMs: number;
  gracefulStopMs: number;
  tags: Tags;
  env: Record<string, string>;
  plannedMs: number;
  plan: PlanKind;
}

export interface DriverContext {
  pool: VuPool;
  testStart: number;
  setupData: string | undefined;
  segment: string | null;
  sequence: string | null;
  /** Free VUs of the instance (VUs are shared by scenarios that do not overlap). */
  take(n: number): Promise<Vu[]>;
  give(vus: Vu[]): void;
  /** Initialises one more VU for an arrival-rate scenario (in the background). */
  growOne(): Promise<Vu | undefined>;
  dropped(scenario: PlannedScenario, time: number): void;
  /** An arrival-rate iteration of `scenario` is starting now (the achieved schedule, for --engine-stats). */
  started(scenario: PlannedScenario): void;
  late(ms: number): void;
  stopped(): boolean;
  onStop(fn: () => void): void;
}

const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - Date.now())));

function ref(s: PlannedScenario, startTime: number): ScenarioRef {
  return { name: s.name, executor: s.executor, exec: s.exec, startTime, tags: s.tags, env: s.env, plannedMs: s.plannedMs };
}

/** The scenario's iteration counter on this instance (exec.scenario.iterationInInstance / iterationInTest). */
function iterationCounter(ctx: DriverContext): { counter: SharedArrayBuffer; segment: string | null; sequence: string | null } {
  return { counter: new SharedArrayBuffer(4), segment: ctx.segment, sequence: ctx.sequence };
}

/** Runs `vus` each with `spec`, then stops them gracefully at `endAt` and interrupts at endAt + grace. */
async function runAll(ctx: DriverContext, vus: Vu[], start: (vu: Vu) => Promise<unknown>, endAt: number, graceMs: number): Promise<void> {
  const runs = vus.map(start);
  const all = Promise.all(runs);
  const timers: NodeJS.Timeout[] = [];
  const interruptAll = () => vus.forEach((v) => v.busy && ctx.pool.interrupt(v));
  timers.push(setTimeout(() => vus.forEach((v) => v.busy && ctx.pool.stopGracefully(v)), Math.max(0, endAt - Date.now())));
  timers.push(setTimeout(interruptAll, Math.max(0, endAt + graceMs - Date.now())));
  ctx.onStop(interruptAll);
  await all;
  timers.forEach(clearTimeout);
}

export async function driveScenario(ctx: DriverContext, s: PlannedScenario): Promise<void> {
  await sleepUntil(ctx.testStart + s.startMs);
  if (ctx.stopped()) return;
  const startTime = Date.now();
  const r = ref(s, startTime);
  const p = s.plan;
  switch (p.kind) {
    case 'until': {
      const vus = await ctx.take(p.vus);
      const endAt = startTime + p.durationMs;
      const spec = { mode: 'until' as const, endAt, ...iterationCounter(ctx) };
      await runAll(ctx, vus, (vu) => ctx.pool.run(vu, r, spec, ctx.setupData, ctx.testStart), endAt, s.gracefulStopMs);
      ctx.give(vus);
      return;
    }
    case 'per-vu': {
      const vus = await ctx.take(p.vus);
      const endAt = startTime + p.maxDurationMs;
      const spec = { mode: 'count' as const, iterations: p.iterations, endAt, ...iterationCounter(ctx) };
      await runAll(ctx, vus, (vu) => ctx.pool.run(vu, r, spec, ctx.setupData, ctx.testStart), endAt, s.gracefulStopMs);
      ctx.give(vus);
      return;
    }
    case 'shared': {
      const vus = await ctx.take(p.vus);
      const endAt = startTime + p.maxDurationMs;
      const spec = { mode: 'shared' as const, total: p.total, endAt, ...iterationCounter(ctx) };
      await runAll(ctx, vus, (vu) => ctx.pool.run(vu, r, spec, ctx.setupData, ctx.testStart), endAt, s.gracefulStopMs);
      ctx.give(vus);
      return;
    }
    case 'ramping':
      return driveRamping(ctx, s, r, p, startTime);
    case 'arrival':
      return driveArrivals(ctx, s, r, p, startTime);
  }
}

async function driveRamping(ctx: DriverContext, s: PlannedScenario, r: ScenarioRef, p: Extract<PlanKind, { kind: 'ramping' }>, startTime: number): Promise<void> {
  const vus = await ctx.take(p.vusMax);
  const counter = iterationCounter(ctx);
  const runs: Promise<unknown>[] = [];
  const timers: NodeJS.Timeout[] = [];
  const endAt = startTime + p.endMs;
  for (const a of p.activations) {
    const vu = vus[a.vu];
    if (!vu) continue;
    const stopAt = Math.min(startTime + a.endMs, endAt);
    const grace = startTime + a.endMs < endAt ? p.gracefulRampDownMs : s.gracefulStopMs;
    runs.push(
      sleepUntil(startTime + a.startMs).then(async () => {
        if (ctx.stopped()) return;
        // A VU still finishing its previous activation's iteration starts this one afterwards.
        while (vu.busy) await new Promise((res) => setTimeout(res, 5));
        const done = ctx.pool.run(vu, r, { mode: 'until', endAt: stopAt, ...counter }, ctx.setupData, ctx.testStart);
        timers.push(setTimeout(() => vu.busy && ctx.pool.interrupt(vu), Math.max(0, stopAt + grace - Date.now())));
        await done;
      }),
    );
  }
  ctx.onStop(() => vus.forEach((v) => v.busy && ctx.pool.interrupt(v)));
  await Promise.all(runs);
  timers.forEach(clearTimeout);
  ctx.give(vus);
}

async function driveArrivals(ctx: DriverContext, s: PlannedScenario, r: ScenarioRef, p: Extract<PlanKind, { kind: 'arrival' }>, startTime: number): Promise<void> {
  const mine = await ctx.take(p.preAllocated);
  const free: Vu[] = [...mine];
  const running = new Set<Promise<unknown>>();
  let growing = 0;
  let started = 0;
  const endAt = startTime + p.durationMs;
  let stop = false;
  ctx.onStop(() => {
    stop = true;
    mine.forEach((v) => v.busy && ctx.pool.interrupt(v));
  });
  for (const tick of p.ticks()) {
    if (stop || ctx.stopped()) break;
    const at = startTime + tick.atMs;
    if (at >= endAt) break;
    if (at > Date.now() + 1) await sleepUntil(at);
    ctx.late(Date.now() - at);
    const vu = free.pop();
    if (!vu) {
      ctx.dropped(s, Date.now());
      if (mine.length + growing < p.maxVUs) {
        growing++;
        void ctx.growOne().then((v) => {
          growing--;
          if (v) {
            mine.push(v);
            free.push(v);
          }
        });
      }
      continue;
    }
    ctx.started(s);
    const run = ctx.pool.run(vu, r, { mode: 'one', iterationInTest: tick.globalIndex, iterationInInstance: started++ }, ctx.setupData, ctx.testStart).then(() => {
      running.delete(run);
      free.push(vu);
    });
    running.add(run);
  }
  await sleepUntil(endAt);
  const interrupt = setTimeout(() => mine.forEach((v) => v.busy && ctx.pool.interrupt(v)), Math.max(0, endAt + s.gracefulStopMs - Date.now()));
  await Promise.all(running);
  clearTimeout(interrupt);
  ctx.give(mine);
}
