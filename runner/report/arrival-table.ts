/**
 * The report's arrivals table: per target, arrival-rate profile and step, the inter-arrival
 * distribution the load engine achieved (report-arrivals.ts). Where no starts were recorded
 * (the load came from k6) the note says so for that target instead of rows.
 */
import type { RunReport } from '../results/report-schema.ts';
import { ARRIVAL_ALPHA, MIN_GAPS } from '../../scenarios/lib/arrival-fit.ts';
import { fmt, type Table } from './report-tables.ts';

/** Whether the report has an arrival-rate result at all (else the table is left out). */
export function hasArrivalResults(report: RunReport): boolean {
  return report.results.some((r) => r.arrivalsNotMeasured !== undefined || r.windows.some((w) => w.arrivals));
}

export function arrivalTable(report: RunReport): Table {
  const rows = report.results.flatMap((r) =>
    r.windows.flatMap((w) => {
      const a = w.arrivals;
      if (!a) return [];
      return [[r.target, r.profile, w.window, String(a.gaps), fmt(a.meanGapMs, 2), fmt(a.cv, 2), fmt(a.ks, 3), fmt(a.ksCritical, 3), a.poissonLike ? 'Poisson-like' : 'not Poisson-like']];
    }),
  );
  const missing = report.results.filter((r) => r.arrivalsNotMeasured).map((r) => `${r.target} (${r.profile}): not measured, ${r.arrivalsNotMeasured}.`);
  return {
    id: 'arrivals',
    title: 'Arrivals: the inter-arrival distribution each step achieved',
    note: [
      'Gaps between the iteration starts the load engine achieved (its own clock; a uniform sample when a scenario started more than the sample holds), per step. ' +
        'CV: 1 for a Poisson process (exponential gaps), 0 for evenly spaced starts (ARRIVALS=constant), above 1 for bursts. ' +
        `KS D: Kolmogorov–Smirnov distance from the exponential of the gaps' own mean; Poisson-like when D is at most the critical value at alpha ${ARRIVAL_ALPHA} (Stephens' values for an estimated mean). ` +
        `Steps with fewer than ${MIN_GAPS} gaps have no row. ` +
        'The verdict is on the starts achieved, not the schedule asked for: the engine starts each within a millisecond or two of its time, which KS sees over hundreds of gaps of about 10 ms (a high rate), and drops starts that find no free VU.',
      ...missing,
    ].join(' '),
    header: ['target', 'profile', 'window', 'gaps', 'mean gap ms', 'CV', 'KS D', `critical (alpha ${ARRIVAL_ALPHA})`, 'verdict'],
    rows,
  };
}
