/**
 * mulberry32: a tiny, fast, seedable 32-bit PRNG. Pure TS (no node: imports) so k6 scenarios
 * and the model generator share the exact same sequence for a seed.
 */
export type Random = () => number;

/** Returns a function yielding floats in [0, 1) deterministically from `seed`. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform float in [low, high). */
export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}
