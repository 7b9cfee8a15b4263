/**
 * Reads back what cAdvisor's InfluxDB storage driver wrote for one container (measurements
 * `cpu_usage_total` in cumulative ns, `memory_usage`, `memory_working_set`; tag `container_name` =
 * the Docker container name) over a time window, as the runner's ResourceSamples. Points the
 * runner wrote itself carry a `run_id` tag and are left out (`run_id = ''` matches points without
 * it). cAdvisor buffers its writes (`-storage_driver_buffer_duration`), so the reader waits until
 * points up to the window's end have arrived, or its deadline passes.
 */
import { escape } from 'influx';
import type { ResourceSample } from '../runtimes/runtime.ts';
import { influxClient } from './influx-client.ts';
import { parseInfluxUrl } from './influx-url.ts';
import { CADVISOR, RUN_TAGS } from './measurements.ts';

export interface CadvisorSeriesOptions {
  /** How long to wait for cAdvisor's buffered points after the window ends. */
  waitMs: number;
  /** Points this close to the window's end count as "arrived" (about one housekeeping interval). */
  slackMs?: number;
  pollMs?: number;
}

interface Row {
  time: Date;
  value: number;
}

/** Cumulative CPU ns + memory rows -> one sample per CPU point after the first (CPU % = delta ns / delta t). */
export function samplesFromCadvisor(cpu: Row[], usage: Row[], workingSet: Row[]): ResourceSample[] {
  const at = (rows: Row[], t: number) => {
    let best: Row | undefined;
    for (const r of rows) if (r.time.getTime() <= t) best = r;
    return best?.value;
  };
  const out: ResourceSample[] = [];
  for (let i = 1; i < cpu.length; i++) {
    const t = cpu[i].time.getTime();
    const dt = t - cpu[i - 1].time.getTime();
    const rss = at(usage, t);
    if (dt <= 0 || rss === undefined) continue;
    const cpuPercent = Math.max(0, ((cpu[i].value - cpu[i - 1].value) / (dt * 1e6)) * 100);
    out.push({ t, cpuPercent, rssBytes: rss, workingSetBytes: at(workingSet, t) });
  }
  return out;
}

export function createCadvisorReader(influxUrl: string, container: string, options: CadvisorSeriesOptions) {
  const target = parseInfluxUrl(influxUrl);
  const client = influxClient(target);
  const where = (fromMs: number, toMs: number) =>
    `WHERE ${escape.tag(CADVISOR.containerTag)} = ${escape.stringLit(container)} AND ${escape.tag(RUN_TAGS.runId)} = '' AND time >= ${Math.floor(fromMs)}ms AND time <= ${Math.ceil(toMs)}ms`;
  const rows = async (measurement: string, fromMs: number, toMs: number): Promise<Row[]> => {
    const result = await client.query<{ time: Date; value: number }>(`SELECT ${escape.tag(CADVISOR.field)} FROM ${escape.measurement(measurement)} ${where(fromMs, toMs)} ORDER BY time ASC`);
    return result.map((r) => ({ time: new Date(r.time.getTime()), value: Number(r.value) }));
  };

  return async function collect(fromMs: number, toMs: number): Promise<ResourceSample[]> {
    const until = Date.now() + options.waitMs;
    const slack = options.slackMs ?? 2000;
    for (;;) {
      const cpu = await rows(CADVISOR.cpuUsageTotal, fromMs, toMs);
      const last = cpu[cpu.length - 1]?.time.getTime() ?? -Infinity;
      if (last >= toMs - slack || Date.now() >= until) {
        const [usage, workingSet] = await Promise.all([rows(CADVISOR.memoryUsage, fromMs - slack, toMs), rows(CADVISOR.memoryWorkingSet, fromMs - slack, toMs)]);
        return samplesFromCadvisor(cpu, usage, workingSet);
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000)); // polling for buffered points, with a deadline
    }
  };
}
