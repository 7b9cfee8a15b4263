/**
 * Parts loaded only when a run asks for them, so a plain run never loads dockerode or the
 * InfluxDB client: the Docker runtime (`--runtime docker`) and the InfluxDB sink (`--influx`).
 */
import type { DockerRuntimeOptions } from '../runtimes/docker-runtime.ts';
import type { Runtime } from '../runtimes/runtime.ts';
import type { InfluxSink, InfluxSinkOptions } from '../influx/influx-sink.ts';

export type { InfluxSink };

export async function loadDockerRuntime(options: DockerRuntimeOptions): Promise<Runtime> {
  const { createDockerRuntime } = await import('../runtimes/docker-runtime.ts');
  return createDockerRuntime(options);
}

export async function startInfluxSink(url: string, options: InfluxSinkOptions): Promise<InfluxSink> {
  const sink = await import('../influx/influx-sink.ts');
  return sink.startInfluxSink(url, options);
}
