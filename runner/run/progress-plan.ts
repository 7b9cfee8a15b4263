/**
 * Where a k6 run is, from what the runner already knows: the load settings (parsed by the
 * scenarios' own loadSettings, so both sides agree), time elapsed and requests so far.
 */
import type { LoadSettings, ProfileName } from '../../scenarios/lib/load-settings.ts';

export interface Position {
  /** `n=100 rep 2/3`, `vus=8`, `rate=50`, `warm-up`, ... */
  step: string;
  /** Estimated seconds left, when known. */
  remainingS?: number;
}

function schedule(s: LoadSettings, steps: number[], label: string, elapsedMs: number, withGrace: boolean): Position {
  const per = s.stepMs + (withGrace ? s.graceMs : s.rampMs);
  const total = s.warmupMs + steps.length * per;
  const remainingS = Math.max(0, (total - elapsedMs) / 1000);
  if (elapsedMs < s.warmupMs) return { step: 'warm-up', remainingS };
  const i = Math.min(steps.length - 1, Math.floor((elapsedMs - s.warmupMs) / per));
  return { step: `${label}=${steps[i]}`, remainingS };
}

function paper(s: LoadSettings, requests: number | undefined, elapsedMs: number): Position {
  const total = s.warmupRequests + s.paperN.reduce((a, n) => a + n, 0) * s.paperRepeats;
  if (requests === undefined) return { step: 'paper' };
  const remainingS = requests > 0 ? ((elapsedMs / requests) * Math.max(0, total - requests)) / 1000 : undefined;
  let left = requests - s.warmupRequests;
  if (left < 0) return { step: 'warm-up', remainingS };
  for (const n of s.paperN) {
    for (let rep = 1; rep <= s.paperRepeats; rep++) {
      if (left < n) return { step: `n=${n} rep ${rep}/${s.paperRepeats}`, remainingS };
      left -= n;
    }
  }
  return { step: 'done', remainingS: 0 };
}

export function position(profile: ProfileName, s: LoadSettings, elapsedMs: number, requests: number | undefined): Position {
  switch (profile) {
    case 'paper':
      return paper(s, requests, elapsedMs);
    case 'concurrency':
      return schedule(s, s.levels, 'vus', elapsedMs, true);
    case 'rate':
      return schedule(s, s.rates, 'rate', elapsedMs, true);
    case 'peak':
      return schedule(s, s.rates, 'rate', elapsedMs, false);
    default: {
      const total = s.warmupMs + s.durationMs;
      return { step: elapsedMs < s.warmupMs ? 'warm-up' : profile, remainingS: Math.max(0, (total - elapsedMs) / 1000) };
    }
  }
}
