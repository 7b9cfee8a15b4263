/**
 * Seams for parts other engineers write: the Docker runtime and the InfluxDB sink. Each is
 * imported lazily, only when asked for, through a computed path (they may not exist yet).
 */
import type { ResourceSample, Runtime } from '../runtimes/runtime.ts';
import type { RuntimeOptions } from '../runtimes/process-runtime.ts';

/** The part of `runner/influx/influx-sink.ts`'s sink the runner uses. */
export interface InfluxSink {
  /** The value for k6's `--out`, e.g. `influxdb=http://127.0.0.1:8086/servebench`. */
  k6OutputArg(): string;
  writeSamples(target: string, samples: ResourceSample[], labels?: { profile?: string }): void;
  close(): Promise<{ written: number; dropped: number; warnings: string[] }>;
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

interface InfluxOptions {
  runId: string;
  profile: string;
  warn?: (message: string) => void;
}

export async function startInfluxSink(url: string, options: InfluxOptions): Promise<InfluxSink> {
  const mod = await load<{ startInfluxSink(u: string, o: InfluxOptions): Promise<InfluxSink> }>('../influx/influx-sink.ts', 'the InfluxDB sink');
  return mod.startInfluxSink(url, options);
}
