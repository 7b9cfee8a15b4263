/**
 * Seams for parts other engineers write: the Docker runtime and the InfluxDB sink. Each is
 * imported lazily, only when asked for, through a computed path (they may not exist yet).
 */
import type { Runtime } from '../runtimes/runtime.ts';
import type { RuntimeOptions } from '../runtimes/process-runtime.ts';

/** What `runner/influx/influx-sink.ts` is expected to export as `startInfluxSink(url, runInfo)`. */
export interface InfluxRunInfo {
  runId: string;
  targets: string[];
  profiles: string[];
}
export interface InfluxSink {
  /** Extra k6 arguments, e.g. `--out influxdb=<url>`. */
  k6Args?: string[];
  /** Resource samples as they are taken. */
  resourceSample?(target: string, sample: { t: number; cpuPercent: number; rssBytes: number }): void;
  stop(): Promise<void>;
}

async function load<T>(relative: string, what: string): Promise<T> {
  const path = new URL(relative, import.meta.url).href;
  try {
    return (await import(path)) as T;
  } catch (err) {
    throw new Error(`${what} is not available (${relative}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function loadDockerRuntime(options: RuntimeOptions): Promise<Runtime> {
  const mod = await load<{ createDockerRuntime(o: RuntimeOptions): Runtime | Promise<Runtime> }>('../runtimes/docker-runtime.ts', 'the docker runtime');
  return mod.createDockerRuntime(options);
}

export async function startInfluxSink(url: string, info: InfluxRunInfo): Promise<InfluxSink> {
  const mod = await load<{ startInfluxSink(u: string, i: InfluxRunInfo): Promise<InfluxSink> }>('../influx/influx-sink.ts', 'the InfluxDB sink');
  return mod.startInfluxSink(url, info);
}
