/** Checking command-line flag values, shared by every servebench command. */

/** A whole number within [min, max], or an error naming the flag. */
export function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}
