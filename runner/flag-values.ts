/** Checking command-line flag values, shared by every servebench command. */

/** A whole number within [min, max], or an error naming the flag. */
export function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

/** A duration with its unit (`500ms`, `10s`, `2m`) within [minMs, maxMs], in ms; or an error naming the flag. */
export function durationMs(flag: string, value: string, minMs: number, maxMs: number): number {
  const m = /^(\d+)(ms|s|m)$/.exec(value);
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : Number.NaN;
  if (!(ms >= minMs && ms <= maxMs)) throw new Error(`${flag} must be a duration like 500ms, 10s or 1m, from ${minMs} ms to ${maxMs} ms (got "${value}")`);
  return ms;
}
