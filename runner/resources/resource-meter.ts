/**
 * Where a target's CPU and memory come from, said explicitly so a report never shows a number
 * nobody measured: read live (our processes from /proc, a container from the Docker stats API),
 * read after each profile (cAdvisor's series in InfluxDB), or not measured (and why).
 */
import type { ResourceSample } from '../runtimes/runtime.ts';

export type ResourceSource = 'process' | 'docker' | 'cadvisor' | 'none';

export type ResourceMeter =
  | { kind: 'live'; source: 'process' | 'docker'; sample(): Promise<ResourceSample> }
  | { kind: 'after'; source: 'cadvisor'; collect(fromMs: number, toMs: number): Promise<ResourceSample[]> }
  | { kind: 'none'; source: 'none'; reason: string };

export const notMeasured = (reason: string): ResourceMeter => ({ kind: 'none', source: 'none', reason });
