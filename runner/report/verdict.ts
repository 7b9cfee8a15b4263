/**
 * The verdict a report opens with: for each question (fastest at 1 connection, most throughput,
 * least CPU, least memory), every valid target's figure, the winner, its margin over the next,
 * and whether that margin is outside the run-to-run spread. One registry of questions
 * (VERDICT_QUESTIONS); each only says where its figure comes from, judging is shared.
 *
 * Spread: the [lowest, highest] of a target's repetitions. A margin is outside the spread when the
 * winner's worst repetition still beats the runner-up's best (the two ranges do not overlap).
 * Only the paper profile repeats within a run; where a figure has no repetitions the verdict says
 * so instead of guessing. A tie: equal at the 3 significant digits the report shows.
 */
import type { RunReport, TargetResult, WindowResult } from '../results/report-schema.ts';
import { dollarsPerMillionAtBest } from './cost-table.ts';

export interface Contender {
  target: string;
  value: number;
  /** [lowest, highest] over repetitions; absent when the figure was measured once. */
  spread?: [number, number];
}

/** What a question found in a report: its figures and where they come from. */
export interface Evidence {
  /** The profile the figures come from. */
  profile: string;
  basis: string;
  contenders: Contender[];
  /** How to say why there is no spread, when there is none. */
  noSpread?: string;
}

export interface VerdictQuestion {
  id: string;
  /** The group it answers. */
  group: 'speed' | 'throughput' | 'cost';
  title: string;
  unit: string;
  better: 'lower' | 'higher';
  evidence(results: TargetResult[]): Evidence | undefined;
}

export type Outcome = 'clear' | 'within-spread' | 'no-spread' | 'tie' | 'alone' | 'not-measured';

export interface VerdictLine {
  id: string;
  group: VerdictQuestion['group'];
  title: string;
  unit: string;
  better: 'lower' | 'higher';
  outcome: Outcome;
  /** Best first. */
  ranking: Contender[];
  profile?: string;
  basis: string;
  /** Winner's margin over the runner-up, in `unit` and relative to the runner-up. */
  margin?: { absolute: number; relative: number };
  /** One sentence for a person. */
  text: string;
}

/** Three significant digits, as the verdict shows numbers. */
export const show = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

/** The number in a window label such as `n=100` or `vus=1`, when it is that kind of window. */
function windowNumber(w: WindowResult, name: string): number | undefined {
  const m = new RegExp(`^${name}=(\\d+)$`).exec(w.window);
  return m ? Number(m[1]) : undefined;
}

/** The profiles that measure a target under load, in the order a verdict prefers them. */
const LOADED_PROFILES = ['concurrency', 'rate', 'peak', 'soak', 'smoke'];

/** The first loaded profile every target measured (so all are compared under the same load), else the first any did. */
function commonProfile(results: TargetResult[], has: (r: TargetResult) => boolean): string | undefined {
  const targets = new Set(results.map((r) => r.target));
  const profiles = [...LOADED_PROFILES, 'paper'];
  const measuredBy = (p: string) => new Set(results.filter((r) => r.profile === p && has(r)).map((r) => r.target));
  return profiles.find((p) => measuredBy(p).size === targets.size && targets.size > 0) ?? profiles.find((p) => measuredBy(p).size > 0);
}

const fastestAtOne: VerdictQuestion = {
  id: 'fastest-1-connection',
  group: 'speed',
  title: 'Fastest at 1 connection',
  unit: 'ms/request',
  better: 'lower',
  evidence(results) {
    const paper = results.filter((r) => r.profile === 'paper' && r.windows.some((w) => w.paperSeconds?.length));
    if (paper.length) {
      // The largest N every target ran: the most requests one after another.
      const ns = paper.map((r) => new Set(r.windows.filter((w) => w.paperSeconds?.length).map((w) => windowNumber(w, 'n') ?? NaN)));
      const common = [...ns[0]].filter((n) => ns.every((s) => s.has(n)) && Number.isFinite(n));
      if (common.length) {
        const n = Math.max(...common);
        const contenders = paper.map((r) => {
          const w = r.windows.find((x) => windowNumber(x, 'n') === n)!;
          const perRequest = w.paperSeconds!.map((s) => (s / n) * 1000);
          return { target: r.target, value: mean(perRequest), ...(perRequest.length > 1 ? { spread: range(perRequest) } : {}) };
        });
        return { profile: 'paper', basis: `paper profile: ${n} sequential requests on one connection, mean of the repetitions`, contenders, noSpread: 'one repetition' };
      }
    }
    const single = results.filter((r) => r.profile === 'concurrency' && r.windows.some((w) => windowNumber(w, 'vus') === 1));
    if (!single.length) return undefined;
    return {
      profile: 'concurrency',
      basis: 'concurrency profile at 1 VU, mean latency',
      contenders: single.map((r) => ({ target: r.target, value: r.windows.find((w) => windowNumber(w, 'vus') === 1)!.latency.mean })),
      noSpread: 'the level ran once',
    };
  },
};

const mostThroughput: VerdictQuestion = {
  id: 'most-throughput',
  group: 'throughput',
  title: 'Sustains most throughput',
  unit: 'req/s',
  better: 'higher',
  evidence(results) {
    const profile = commonProfile(results.filter((r) => r.profile !== 'paper'), (r) => r.windows.length > 0);
    if (!profile) return undefined;
    const contenders = results
      .filter((r) => r.profile === profile && r.windows.length)
      .map((r) => {
        const best = r.windows.reduce((a, b) => (b.throughputRps > a.throughputRps ? b : a));
        const reps = best.repetitions?.map((x) => x.throughputRps) ?? [];
        return { target: r.target, value: best.throughputRps, ...(reps.length > 1 ? { spread: range(reps) } : {}) };
      });
    return { profile, basis: `${profile} profile: each target's best window`, contenders, noSpread: 'each window ran once' };
  },
};

/** CPU or memory per target from one profile every target ran with resource samples. */
function resourceEvidence(results: TargetResult[], figure: (r: TargetResult) => number, what: string): Evidence | undefined {
  const profile = commonProfile(results, (r) => r.resources !== undefined && r.windows.length > 0);
  if (!profile) return undefined;
  const contenders = results.filter((r) => r.profile === profile && r.resources && r.windows.length).map((r) => ({ target: r.target, value: figure(r) }));
  return { profile, basis: `${profile} profile: ${what}`, contenders, noSpread: 'the profile ran once' };
}

/** Core-milliseconds of the serving side per answered request: CPU % x measured seconds / requests. */
export function cpuMsPerRequest(r: TargetResult): number {
  const requests = r.windows.reduce((a, w) => a + w.requests, 0);
  const seconds = r.windows.reduce((a, w) => a + (w.throughputRps > 0 ? w.requests / w.throughputRps : 0), 0);
  return requests > 0 ? ((r.resources!.cpuPercentMean / 100) * seconds * 1000) / requests : NaN;
}

const leastCpu: VerdictQuestion = {
  id: 'least-cpu',
  group: 'cost',
  title: 'Least CPU per request',
  unit: 'CPU ms/request',
  better: 'lower',
  evidence: (results) => resourceEvidence(results, cpuMsPerRequest, 'mean CPU of the serving side over the measured windows, per request answered'),
};

const leastMemory: VerdictQuestion = {
  id: 'least-memory',
  group: 'cost',
  title: 'Least memory',
  unit: 'MB RSS',
  better: 'lower',
  evidence: (results) => resourceEvidence(results, (r) => r.resources!.rssMbMean, 'mean resident memory of the serving side while loaded (held, not spent per request)'),
};

const cheapest: VerdictQuestion = {
  id: 'cheapest',
  group: 'cost',
  title: 'Cheapest per million predictions',
  unit: 'USD per million predictions',
  better: 'lower',
  evidence(results) {
    const profile = commonProfile(results, (r) => dollarsPerMillionAtBest(r) !== undefined);
    if (!profile) return undefined;
    const contenders = results.flatMap((r) => {
      const dollars = r.profile === profile ? dollarsPerMillionAtBest(r) : undefined;
      return dollars === undefined ? [] : [{ target: r.target, value: dollars }];
    });
    return { profile, basis: `${profile} profile: CPU-seconds and GB-seconds at each target's best-throughput window, at the report's prices`, contenders, noSpread: 'the window ran once' };
  },
};

/** Every question the verdict answers, in the order it is shown. */
export const VERDICT_QUESTIONS: VerdictQuestion[] = [fastestAtOne, mostThroughput, leastCpu, leastMemory, cheapest];

const ranged = (c: Contender) => (c.spread ? `${show(c.spread[0])}–${show(c.spread[1])}` : show(c.value));

export function judge(q: VerdictQuestion, evidence: Evidence | undefined): VerdictLine {
  const head = { id: q.id, group: q.group, title: q.title, unit: q.unit, better: q.better };
  const contenders = (evidence?.contenders ?? []).filter((c) => Number.isFinite(c.value));
  if (!evidence || !contenders.length) return { ...head, outcome: 'not-measured', ranking: [], basis: evidence?.basis ?? '', text: `${q.title}: not measured in this run.` };
  const ranking = [...contenders].sort((a, b) => (q.better === 'lower' ? a.value - b.value : b.value - a.value));
  const [first, second] = ranking;
  const line = { ...head, ranking, profile: evidence.profile, basis: evidence.basis };
  const figure = `${show(first.value)} ${q.unit}`;
  if (!second) return { ...line, outcome: 'alone', text: `${q.title}: ${first.target}, ${figure} — the only valid target measured.` };
  const tied = ranking.filter((c) => show(c.value) === show(first.value));
  if (tied.length > 1) return { ...line, outcome: 'tie', margin: { absolute: 0, relative: 0 }, text: `${q.title}: a tie — ${tied.map((c) => c.target).join(' and ')} at ${figure}.` };
  const absolute = Math.abs(second.value - first.value);
  const margin = { absolute, relative: absolute / Math.abs(second.value) };
  const lead = `${q.title}: ${first.target}, ${figure}, ${show(absolute)} (${show(margin.relative * 100)}%) ${q.better === 'lower' ? 'less' : 'more'} than ${second.target} (${show(second.value)})`;
  if (!first.spread || !second.spread) return { ...line, outcome: 'no-spread', margin, text: `${lead}; no run-to-run spread to judge the margin by (${evidence.noSpread ?? 'one measurement'}).` };
  const outside = q.better === 'lower' ? first.spread[1] < second.spread[0] : first.spread[0] > second.spread[1];
  const reps = `repetitions ${ranged(first)} vs ${ranged(second)}`;
  return outside
    ? { ...line, outcome: 'clear', margin, text: `${lead}; outside the run-to-run spread (${reps}).` }
    : { ...line, outcome: 'within-spread', margin, text: `${lead}; within the run-to-run spread (${reps}): not a clear win.` };
}

/** Results that may win: measured, and valid (no errors, no wrong answers, generator not saturated). */
const competes = (r: TargetResult) => r.status === 'ok' && r.validity.length === 1 && r.validity[0] === 'valid';

export interface Verdict {
  lines: VerdictLine[];
  /** Targets left out of every question, and why. */
  excluded: { target: string; profile: string; why: string }[];
}

export function reportVerdict(report: RunReport): Verdict {
  const valid = report.results.filter(competes);
  return {
    lines: VERDICT_QUESTIONS.map((q) => judge(q, q.evidence(valid))),
    excluded: report.results.filter((r) => !competes(r)).map((r) => ({ target: r.target, profile: r.profile, why: r.validity.join(', ') })),
  };
}
