/**
 * The study's own figures (PAPER.md), as data: Table 3 (seconds for N sequential requests,
 * mean of 10) and Table 4 (CPU % of 8 cores and RAM MB during the 10,000 run).
 */
export type PaperArch = 'a' | 'b' | 'c' | 'd';

export const PAPER_ARCHS: Record<PaperArch, string> = {
  a: 'Embedded',
  b: 'Flask API',
  c: 'FastAPI',
  d: 'TF Serving',
};

export const PAPER_N = [1, 10, 100, 1000, 10000] as const;

/** Seconds for N sequential requests. */
export const PAPER_SECONDS: Record<PaperArch, Record<number, number>> = {
  a: { 1: 0.038, 10: 0.296, 100: 2.927, 1000: 37.84, 10000: 289.219 },
  b: { 1: 2.09, 10: 20.851, 100: 209.449, 1000: 2059.05, 10000: 20702.672 },
  c: { 1: 0.056, 10: 0.577, 100: 5.763, 1000: 56.694, 10000: 531.959 },
  d: { 1: 0.009, 10: 0.082, 100: 0.826, 1000: 8.167, 10000: 82.519 },
};

/** CPU % of all 8 cores, RAM MB, while the 10,000 run went. */
export const PAPER_RESOURCES: Record<PaperArch, { cpuPercentOfAllCores: number; ramMb: number }> = {
  a: { cpuPercentOfAllCores: 21.7, ramMb: 450.5 },
  b: { cpuPercentOfAllCores: 5.4, ramMb: 200.7 },
  c: { cpuPercentOfAllCores: 18.2, ramMb: 260.2 },
  d: { cpuPercentOfAllCores: 23.7, ramMb: 275.6 },
};

export const PAPER_MACHINE = 'one 8-core desktop CPU, one consumer GPU, Windows 10, Python 3.8, TF 2.3, Docker';

/** The study's architecture a target stands for (its registry paper role), if any. */
export function paperArch(paperRole: string): PaperArch | undefined {
  return (['a', 'b', 'c', 'd'] as const).find((a) => a === paperRole);
}
