/**
 * Compares two expected-classes files the way CPUs allow: classes and indices exactly, margins
 * within a tolerance. The same onnxruntime build rounds float32 differently on different CPUs
 * (AVX2 vs AVX-512 kernels), so a margin's sixth decimal is not portable; a class is. An image
 * whose margin sits within the tolerance of --min-margin may be kept on one CPU and not on
 * another, which also shifts where the list of `count` images ends: both are accepted.
 */
import type { ExpectedFile, ExpectedImage } from '../scenarios/lib/expected-file.ts';

/** Far above CPU rounding (~1e-6), the same bound the engines must agree within (DESIGN.md). */
export const MARGIN_TOLERANCE = 1e-4;

/** One line per difference; empty when the files agree. */
export function diffExpected(committed: ExpectedFile, fresh: ExpectedFile, tolerance = MARGIN_TOLERANCE): string[] {
  const out: string[] = [];
  for (const key of ['source', 'seed', 'engine', 'minMargin'] as const) {
    if (committed[key] !== fresh[key]) out.push(`${key}: committed ${committed[key]}, fresh ${fresh[key]}`);
  }
  if (committed.images.length !== fresh.images.length) out.push(`images: committed ${committed.images.length}, fresh ${fresh.images.length}`);
  const onBoundary = (e: ExpectedImage) => e.margin < committed.minMargin + tolerance;
  const last = Math.min(committed.images.at(-1)?.index ?? -1, fresh.images.at(-1)?.index ?? -1);
  const freshByIndex = new Map(fresh.images.map((e) => [e.index, e]));
  const committedByIndex = new Map(committed.images.map((e) => [e.index, e]));
  for (const c of committed.images) {
    const f = freshByIndex.get(c.index);
    if (!f) {
      if (!onBoundary(c) && c.index <= last) out.push(`image ${c.index}: committed (margin ${c.margin}), missing from the fresh run`);
      continue;
    }
    if (c.class !== f.class) out.push(`image ${c.index}: class committed ${c.class}, fresh ${f.class}`);
    if (!(Math.abs(c.margin - f.margin) <= tolerance)) out.push(`image ${c.index}: margin committed ${c.margin}, fresh ${f.margin} (tolerance ${tolerance})`);
  }
  for (const f of fresh.images) {
    if (!committedByIndex.has(f.index) && !onBoundary(f) && f.index <= last) out.push(`image ${f.index}: fresh (margin ${f.margin}), missing from the committed file`);
  }
  return out;
}
