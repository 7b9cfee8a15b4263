/**
 * Resource samples -> points under cAdvisor's InfluxDB names: `cpu_usage_total` (cumulative CPU
 * nanoseconds, integrated from the sampler's CPU %), `memory_usage` and `memory_working_set`
 * (bytes), integer field `value`, tags `container_name` and `machine`, plus the run's `run_id`,
 * `target`, `profile` and whose they are, `role`: a target's (`container_name` = its label) or the
 * load engine's that drives it (`container_name` = `load`); `phase` (warmup / measure) when known.
 */
import { FieldType, type IPoint, type ISchemaOptions } from 'influx';
import type { ResourceSample } from '../runtimes/runtime.ts';
import { CADVISOR, RESOURCE_PHASE, RESOURCE_ROLE, RUN_TAGS, type ResourcePhase, type ResourceRole } from './measurements.ts';

export interface RunLabels {
  runId: string;
  /** Default `profile` tag; a write may name its own (a run measures several profiles). */
  profile: string;
  machine: string;
}

/**
 * A CPU % reading covers the sampler's last interval (250 ms). Across a longer pause in sampling
 * (between profiles) only this much time is credited, so the counter never invents CPU time.
 */
const MAX_CREDITED_GAP_MS = 1000;

const TAG_NAMES = [CADVISOR.containerTag, CADVISOR.machineTag, RUN_TAGS.runId, RUN_TAGS.target, RUN_TAGS.profile, RESOURCE_ROLE.tag, RESOURCE_PHASE.tag];

/** cpu_usage_total, memory_usage, memory_working_set. */
export const POINTS_PER_SAMPLE = 3;

/** Declares `value` an integer, as cAdvisor writes it (a float would conflict in a shared database). */
export const CADVISOR_SCHEMA: ISchemaOptions[] = [CADVISOR.cpuUsageTotal, CADVISOR.memoryUsage, CADVISOR.memoryWorkingSet].map(
  (measurement) => ({ measurement, fields: { [CADVISOR.field]: FieldType.INTEGER }, tags: TAG_NAMES }),
);

/** Turns each target's (and each load engine's) CPU % readings back into the cumulative counter cAdvisor reports. */
export function createCadvisorPoints(labels: RunLabels) {
  const cpu = new Map<string, { t: number; ns: number }>();

  function cumulativeCpuNs(counter: string, s: ResourceSample): number {
    const prev = cpu.get(counter);
    // The first reading has no interval behind it: the counter starts at 0 there.
    const elapsedMs = prev ? Math.min(MAX_CREDITED_GAP_MS, Math.max(0, s.t - prev.t)) : 0;
    const ns = (prev?.ns ?? 0) + (Math.max(0, s.cpuPercent) / 100) * elapsedMs * 1e6;
    cpu.set(counter, { t: s.t, ns });
    return Math.round(ns);
  }

  return function toPoints(target: string, samples: readonly ResourceSample[], profile = labels.profile, role: ResourceRole = 'target', phase?: ResourcePhase): IPoint[] {
    const container = role === 'load' ? RESOURCE_ROLE.loadContainer : target;
    const tags = {
      [CADVISOR.containerTag]: container,
      [CADVISOR.machineTag]: labels.machine,
      [RUN_TAGS.runId]: labels.runId,
      [RUN_TAGS.target]: target,
      [RUN_TAGS.profile]: profile,
      [RESOURCE_ROLE.tag]: role,
      ...(phase ? { [RESOURCE_PHASE.tag]: phase } : {}),
    };
    const counter = `${role}/${target}`;
    const point = (measurement: string, value: number, t: number): IPoint => ({
      measurement,
      tags,
      fields: { [CADVISOR.field]: Math.round(value) },
      timestamp: new Date(t),
    });
    return samples.flatMap((s) => [
      point(CADVISOR.cpuUsageTotal, cumulativeCpuNs(counter, s), s.t),
      point(CADVISOR.memoryUsage, s.rssBytes, s.t),
      point(CADVISOR.memoryWorkingSet, s.workingSetBytes ?? s.rssBytes, s.t),
    ]);
  };
}
