/**
 * Docker API stats (`GET /containers/<id>/stats?stream=false`) -> ResourceSample, the way
 * `docker stats` computes them: CPU % from the cpu_stats/precpu_stats deltas (100 = one core),
 * memory usage, and the working set = usage - inactive_file (cgroup v1: total_inactive_file).
 */
import type { ResourceSample } from './runtime.ts';

/** The fields we read (cgroup v1 and v2 shapes; dockerode's ContainerStats is a superset). */
export interface DockerStats {
  read?: string;
  cpu_stats: CpuStats;
  precpu_stats?: Partial<CpuStats>;
  memory_stats: { usage?: number; stats?: Record<string, number | undefined> };
}
interface CpuStats {
  cpu_usage: { total_usage: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export function cpuPercent(stats: DockerStats): number {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  if (!pre?.cpu_usage || pre.system_cpu_usage === undefined || cpu.system_cpu_usage === undefined) return 0;
  const cpuDelta = cpu.cpu_usage.total_usage - pre.cpu_usage.total_usage;
  const systemDelta = cpu.system_cpu_usage - pre.system_cpu_usage;
  if (systemDelta <= 0 || cpuDelta < 0) return 0;
  const cores = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 1;
  return (cpuDelta / systemDelta) * cores * 100;
}

export function memoryBytes(stats: DockerStats): { usage: number; workingSet: number } {
  const usage = stats.memory_stats.usage ?? 0;
  const detail = stats.memory_stats.stats ?? {};
  const inactive = detail.total_inactive_file ?? detail.inactive_file ?? 0;
  return { usage, workingSet: Math.max(0, usage - inactive) };
}

export function resourceSampleFromStats(stats: DockerStats, now: number = Date.now()): ResourceSample {
  const { usage, workingSet } = memoryBytes(stats);
  const read = stats.read ? Date.parse(stats.read) : NaN;
  return { t: Number.isFinite(read) && read > 0 ? read : now, cpuPercent: cpuPercent(stats), rssBytes: usage, workingSetBytes: workingSet };
}
