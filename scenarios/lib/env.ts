/**
 * Typed readers for `__ENV` values. Every bad value throws a ConfigError naming the variable,
 * the value and what was expected; thrown in the init context, it stops k6 before any load.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`servebench config: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function str(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

export function optionalStr(env: Env, name: string): string | undefined {
  return raw(env, name);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name}=${value} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function num(env: Env, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(`${name}=${value} is not a number in [${min}, ${max}]`);
  }
  return n;
}

export function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = num(env, name, fallback, min, max);
  if (!Number.isInteger(n)) throw new ConfigError(`${name}=${raw(env, name)} is not an integer`);
  return n;
}

/** Comma-separated positive integers, e.g. `1,10,100`. */
export function intList(env: Env, name: string, fallback: number[]): number[] {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const items = value.split(',').map((s) => s.trim());
  const nums = items.map(Number);
  if (items.length === 0 || nums.some((n, i) => items[i] === '' || !Number.isInteger(n) || n < 1)) {
    throw new ConfigError(`${name}=${value} is not a comma-separated list of positive integers`);
  }
  return nums;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `3s`, `1m30s`, `2h` (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = text.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (!parts || parts.join('') !== text) return undefined;
  return parts.reduce((sum, p) => {
    const [, n, unit] = p.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/) as RegExpMatchArray;
    return sum + Number(n) * UNIT_MS[unit];
  }, 0);
}

/** A duration in milliseconds; `0` is allowed (e.g. WARMUP=0 turns warm-up off). */
export function duration(env: Env, name: string, fallbackMs: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value);
  if (ms === undefined) throw new ConfigError(`${name}=${value} is not a duration like 500ms, 3s, 1m30s`);
  return ms;
}

/** Milliseconds as a k6 duration string. */
export function k6Duration(ms: number): string {
  return `${Math.round(ms)}ms`;
}
