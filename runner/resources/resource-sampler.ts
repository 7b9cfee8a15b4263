/** Samples something every `intervalMs` (250 ms by default) until stopped; keeps every reading. */
import type { ResourceSample } from '../runtimes/runtime.ts';

export const SAMPLE_INTERVAL_MS = 250;

export interface Sampler {
  stop(): ResourceSample[];
}

export function startSampler(read: () => Promise<ResourceSample> | ResourceSample, intervalMs = SAMPLE_INTERVAL_MS): Sampler {
  const samples: ResourceSample[] = [];
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      samples.push(await read());
    } catch {
      // The process may be gone between listing and reading; the next tick tells.
    } finally {
      busy = false;
    }
  };
  void tick(); // primes the CPU meter; its 0 % reading is dropped below
  const timer = setInterval(() => void tick(), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return samples.slice(1);
    },
  };
}
