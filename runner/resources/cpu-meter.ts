/**
 * Turns cumulative CPU seconds of a set of processes into "% of one core" between two calls
 * (200 = two cores busy). One meter per thing measured.
 */
import type { ResourceSample } from '../runtimes/runtime.ts';
import { treeUsage } from './proc-tree.ts';

export function createTreeMeter(roots: () => number[]): () => ResourceSample {
  let last: { t: number; cpuSeconds: number } | undefined;
  return () => {
    const t = Date.now();
    const usage = treeUsage(roots());
    const cpuPercent = last && t > last.t ? Math.max(0, ((usage.cpuSeconds - last.cpuSeconds) / ((t - last.t) / 1000)) * 100) : 0;
    last = { t, cpuSeconds: usage.cpuSeconds };
    return { t, cpuPercent, rssBytes: usage.rssBytes };
  };
}
