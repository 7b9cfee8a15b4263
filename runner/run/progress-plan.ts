/**
 * Where a load run is, from the plan the runner recorded (the same steps the scenario runs),
 * time elapsed and requests so far: timed steps by the clock, sequential ones (paper) by count.
 */
import { stepName, type ProfilePlan, type Step } from '../../scenarios/lib/profiles/profile.ts';

export interface Position {
  /** `n=100 rep 2/3`, `vus=8`, `rate=50`, `warm-up`, `done`, ... */
  step: string;
  /** Estimated seconds left, when known. */
  remainingS?: number;
}

type Sequential = Step & { schedule: { kind: 'sequential' } };
const isSequential = (s: Step): s is Sequential => s.schedule.kind === 'sequential';

function byClock(plan: ProfilePlan, elapsedMs: number): Position {
  const timed = plan.steps.flatMap((s) => (s.schedule.kind === 'timed' ? [{ step: s, end: s.schedule.startMs + s.schedule.holdMs }] : []));
  const end = Math.max(plan.warmupMs, ...timed.map((t) => t.end));
  const remainingS = Math.max(0, (end - elapsedMs) / 1000);
  if (elapsedMs < plan.warmupMs) return { step: 'warm-up', remainingS };
  const current = timed.find((t) => elapsedMs < t.end);
  return { step: current ? stepName(current.step.label) : 'done', remainingS };
}

function byCount(plan: ProfilePlan, steps: Sequential[], requests: number | undefined, elapsedMs: number): Position {
  if (requests === undefined) return { step: 'running' };
  const total = plan.warmupRequests + steps.reduce((a, s) => a + s.schedule.requests * s.schedule.repetitions, 0);
  const remainingS = requests > 0 ? ((elapsedMs / requests) * Math.max(0, total - requests)) / 1000 : undefined;
  let left = requests - plan.warmupRequests;
  if (left < 0) return { step: 'warm-up', remainingS };
  for (const s of steps) {
    const { requests: n, repetitions } = s.schedule;
    if (left < n * repetitions) return { step: `${stepName(s.label)} rep ${Math.floor(left / n) + 1}/${repetitions}`, remainingS };
    left -= n * repetitions;
  }
  return { step: 'done', remainingS: 0 };
}

export function position(plan: ProfilePlan, elapsedMs: number, requests: number | undefined): Position {
  const sequential = plan.steps.filter(isSequential);
  return sequential.length && sequential.length === plan.steps.length ? byCount(plan, sequential, requests, elapsedMs) : byClock(plan, elapsedMs);
}
