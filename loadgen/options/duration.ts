/** k6 durations: `1h2m3s`, `500ms`, `1.5s`, `2us`; a bare number is milliseconds where k6 takes one (timeouts). */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;

export class DurationError extends Error {
  override name = 'DurationError';
}

/** Milliseconds for a duration string or number (numbers: milliseconds, as k6 reads numeric durations). */
export function durationMs(value: unknown, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new DurationError(`${what}: ${value} is not a duration`);
    return value;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new DurationError(`${what}: ${JSON.stringify(value)} is not a duration like 30s, 1m30s, 500ms`);
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(PART)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched += m[0];
  }
  if (matched !== text) throw new DurationError(`${what}: ${JSON.stringify(value)} is not a duration like 30s, 1m30s, 500ms`);
  return total;
}
