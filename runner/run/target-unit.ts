/**
 * One measured target as the runner sees it: the process under load, plus its upstream model
 * server for a gateway. Resources are summed over both (the whole serving side).
 */
import type { TargetOptions } from '../../servers/targets/target.ts';
import type { ResourceMeter } from '../resources/resource-meter.ts';
import type { LaunchedTarget, ResourceSample, Runtime } from '../runtimes/runtime.ts';
import type { TargetSpec } from './target-specs.ts';

/** What the runner measures: ours (started here) or an external target (only probed). */
export interface MeasuredUnit {
  url: string;
  /** Its CPU and memory: live samples, cAdvisor's after each profile, or not measured. */
  meter: ResourceMeter;
  logTail(lines?: number): string;
  /** First exit of any of its processes. */
  exited: Promise<{ code: number | null; signal: string | null; who: string }>;
  stop(): Promise<void>;
  /** Process ids of the unit's processes (process runtime; empty under Docker). */
  pids: number[];
}

/** One of our targets, started by a runtime: sampled live. */
export interface TargetUnit extends MeasuredUnit {
  sample(): Promise<ResourceSample>;
}

function sum(samples: ResourceSample[]): ResourceSample {
  return {
    t: Math.max(...samples.map((s) => s.t)),
    cpuPercent: samples.reduce((a, s) => a + s.cpuPercent, 0),
    rssBytes: samples.reduce((a, s) => a + s.rssBytes, 0),
  };
}

export async function startUnit(runtime: Runtime, spec: TargetSpec, options: TargetOptions, cpus?: string): Promise<TargetUnit> {
  const parts: { name: string; handle: LaunchedTarget }[] = [];
  const stop = async () => {
    for (const p of [...parts].reverse()) await p.handle.stop();
  };
  try {
    if (spec.upstreamId) {
      const label = `${spec.label}.upstream`;
      const upstream = await runtime.start({ targetId: spec.upstreamId, label, options, cpus });
      parts.push({ name: spec.upstreamId, handle: upstream });
      options = { ...options, upstream: upstream.url };
    }
    parts.push({ name: spec.targetId, handle: await runtime.start({ targetId: spec.targetId, label: spec.label, options, cpus }) });
  } catch (err) {
    const tails = parts.map((p) => `--- ${p.name} ---\n${p.handle.logTail()}`).join('\n');
    await stop();
    const own = (err as { logTail?: string }).logTail ?? '';
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { logTail: [tails, own].filter(Boolean).join('\n') });
  }
  const front = parts[parts.length - 1].handle;
  const sample = async () => sum(await Promise.all(parts.map((p) => p.handle.sample())));
  return {
    sample,
    url: front.url,
    meter: { kind: 'live', source: runtime.name, sample },
    logTail: (lines = 30) => parts.map((p) => (parts.length > 1 ? `--- ${p.name} ---\n` : '') + p.handle.logTail(lines)).join('\n'),
    exited: Promise.race(parts.map((p) => p.handle.exited.then((e) => ({ ...e, who: p.name })))),
    stop,
    pids: parts.flatMap((p) => (p.handle.pid === undefined ? [] : [p.handle.pid])),
  };
}
