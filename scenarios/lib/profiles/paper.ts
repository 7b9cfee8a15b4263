/**
 * paper: the study's protocol in one VU: for each N, send N requests one after another, R
 * times, timing each run (scenarios/lib/paper.ts). A few warm-up requests go first.
 */
import type { Scenario } from 'k6/options';
import { k6Duration } from '../env.ts';
import { NO_SETTINGS, type LoadSettings } from '../load-settings.ts';
import type { PaperRow } from '../step-report.ts';
import { EXEC_PAPER, measureTags } from './plan-parts.ts';
import type { LoadProfile, ProfilePlan, Step } from './profile.ts';

const base = { ...NO_SETTINGS, warmupRequests: 10, paperMaxMs: 24 * 3_600_000 };

export const paper: LoadProfile = {
  name: 'paper',
  about: "the study's N sequential requests, repeated",
  defaults: {
    short: { ...base, paperN: [1, 10, 100], paperRepeats: 3 },
    full: { ...base, paperN: [1, 10, 100, 1000, 10000], paperRepeats: 10 },
  },
  p99Ms: 2000,
  plan(s: LoadSettings): ProfilePlan {
    const run: Scenario = {
      executor: 'per-vu-iterations',
      exec: EXEC_PAPER,
      vus: 1,
      iterations: 1,
      maxDuration: k6Duration(s.paperMaxMs),
      tags: measureTags(),
    };
    const steps: Step[] = s.paperN.map((n) => ({
      label: { name: 'n', value: n },
      tags: { n: String(n) },
      schedule: { kind: 'sequential', requests: n, repetitions: s.paperRepeats },
    }));
    return { scenarios: { paper: run }, steps, warmupMs: 0, warmupRequests: s.warmupRequests, p99Gate: true };
  },
  extras(rows) {
    const table: PaperRow[] = rows.map((r) => {
      const reps = r.paperSeconds ?? [];
      const mean = reps.length ? reps.reduce((a, b) => a + b, 0) / reps.length : NaN;
      const n = r.label.value ?? NaN;
      return { n, meanSeconds: mean, perRequestMs: (mean / n) * 1000, repetitions: reps };
    });
    return { paper: table };
  },
};
