/**
 * An external target as a MeasuredUnit: a server servebench did not start (TF Serving, or anything
 * speaking its REST or gRPC API), health-probed at its address, never stopped. Its CPU and memory
 * come from Docker when a container is named (`--stats-container`), else from cAdvisor's series in
 * InfluxDB when `--influx` is set and a container is named, else they are not measured.
 */
import { notMeasured, type ResourceMeter } from '../resources/resource-meter.ts';
import { waitHealthy } from './health-probe.ts';
import type { TargetSpec } from './target-specs.ts';
import type { MeasuredUnit } from './target-unit.ts';

export interface ExternalOptions {
  modelName: string;
  deadlineMs: number;
  abort?: AbortSignal;
  /** Docker container serving this target, if any. */
  statsContainer?: string;
  dockerSocket?: string;
  /** `--influx` URL: where cAdvisor's series are read when Docker cannot be asked. */
  influx?: string;
  cadvisorWaitMs: number;
  warn(message: string): void;
}

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function externalMeter(spec: TargetSpec, o: ExternalOptions): Promise<ResourceMeter> {
  const container = o.statsContainer;
  if (!container) return notMeasured('external target: no --stats-container named');
  let dockerProblem: string;
  try {
    const { openContainerStats } = await import('../runtimes/container-stats.ts');
    const stats = await openContainerStats(container, o.dockerSocket);
    return { kind: 'live', source: 'docker', sample: stats.sample };
  } catch (err) {
    dockerProblem = `Docker stats for container ${container}: ${text(err)}`;
  }
  if (o.influx) {
    const { createCadvisorReader } = await import('../influx/cadvisor-series.ts');
    o.warn(`${spec.label}: ${dockerProblem}; reading cAdvisor's series for ${container} from InfluxDB instead`);
    return { kind: 'after', source: 'cadvisor', collect: createCadvisorReader(o.influx, container, { waitMs: o.cadvisorWaitMs }) };
  }
  o.warn(`${spec.label}: ${dockerProblem}; its CPU and memory are not measured`);
  return notMeasured(dockerProblem);
}

export async function startExternalUnit(spec: TargetSpec, o: ExternalOptions): Promise<MeasuredUnit> {
  const url = spec.externalUrl;
  if (!url) throw new Error(`${spec.label} is not an external target`);
  await waitHealthy(url, { modelName: o.modelName, deadlineMs: o.deadlineMs, abort: o.abort, api: spec.api }).catch((err: unknown) => {
    throw Object.assign(new Error(`external target ${spec.label} at ${url}: ${text(err)}`), { logTail: '(external target: servebench holds no log of it)' });
  });
  return {
    url,
    meter: await externalMeter(spec, o),
    logTail: () => '(external target: servebench holds no log of it)',
    // Not ours to watch: if it goes away, the load engine's errors say so.
    exited: new Promise(() => {}),
    stop: async () => {},
    pids: [],
  };
}
