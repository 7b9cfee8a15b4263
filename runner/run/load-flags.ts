/**
 * The `run` flags that shape load (--paper-n, --levels, --step-duration, ...) -> the load
 * settings they set, over each profile's own defaults (scenarios/lib/profiles/). The usage
 * text quotes those defaults, so it cannot drift from them.
 */
import { ARRIVAL_KINDS, type ArrivalKind } from '../../scenarios/lib/arrival-times.ts';
import { parseDuration } from '../../scenarios/lib/env.ts';
import type { LoadSettings } from '../../scenarios/lib/load-settings.ts';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { integer } from '../flag-values.ts';

export const LOAD_FLAGS = {
  'paper-n': { type: 'string' },
  repetitions: { type: 'string' },
  levels: { type: 'string' },
  rates: { type: 'string' },
  arrivals: { type: 'string' },
  'step-duration': { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
} as const;

type LoadFlagValues = { [K in keyof typeof LOAD_FLAGS]?: string };

/** 10000 -> `10s`, 1800000 -> `30m`. */
export function formatMs(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

const { paper, concurrency, rate, peak, smoke, soak } = PROFILES;
const both = (short: string, full: string) => (short === full ? `default ${short}` : `default ${short}; --full ${full}`);
const of = <K extends keyof LoadSettings>(p: { defaults: { short: LoadSettings; full: LoadSettings } }, key: K, show: (v: LoadSettings[K]) => string) =>
  both(show(p.defaults.short[key]), show(p.defaults.full[key]));
const joined = (v: number[] | number | undefined) => (Array.isArray(v) ? v.join(',') : String(v));
const ms = (v: number | undefined) => formatMs(v ?? 0);

export const LOAD_USAGE = `  --full                 every profile's full defaults: the study's protocol (N up to 10000, 10 repetitions, levels 1..32 x 30s)
  --paper-n <list>       paper N values (${of(paper, 'paperN', joined)})
  --repetitions <n>      paper repetitions (${of(paper, 'paperRepeats', joined)})
  --levels <list>        concurrency VU levels (${of(concurrency, 'levels', joined)})
  --rates <list>         rate / peak arrival rates per second (rate: ${of(rate, 'rates', joined)}; peak: ${of(peak, 'rates', joined)})
  --arrivals <kind>      rate / peak arrival process: ${ARRIVAL_KINDS.join(' | ')} (default ${rate.defaults.short.arrivals}: evenly spaced)
  --step-duration <d>    time held at each concurrency / rate / peak step (${of(concurrency, 'stepMs', ms)})
  --duration <d>         smoke / soak measured duration (smoke: ${of(smoke, 'durationMs', ms)}; soak: ${of(soak, 'durationMs', ms)})
  --warmup <d>           warm-up before measuring, not paper (stepped profiles: ${of(concurrency, 'warmupMs', ms)})`;

const list = (flag: string, value: string): number[] => {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) throw new Error(`${flag} must be a comma-separated list of positive integers (got "${value}")`);
  return items.map(Number);
};

const durationMs = (flag: string, value: string): number => {
  const v = parseDuration(value);
  if (v === undefined) throw new Error(`${flag} must be a duration like 500ms, 10s, 1m (got "${value}")`);
  return v;
};

const arrivalKind = (value: string): ArrivalKind => {
  if (!(ARRIVAL_KINDS as readonly string[]).includes(value)) throw new Error(`--arrivals must be one of ${ARRIVAL_KINDS.join(', ')} (got "${value}")`);
  return value as ArrivalKind;
};

/** Only the settings a flag gave: every other one stays each profile's default. */
export function parseLoadFlags(values: LoadFlagValues): Partial<LoadSettings> {
  const out: Partial<LoadSettings> = {};
  if (values['paper-n'] !== undefined) out.paperN = list('--paper-n', values['paper-n']);
  if (values.repetitions !== undefined) out.paperRepeats = integer('--repetitions', values.repetitions, 1, 1000);
  if (values.levels !== undefined) out.levels = list('--levels', values.levels);
  if (values.rates !== undefined) out.rates = list('--rates', values.rates);
  if (values.arrivals !== undefined) out.arrivals = arrivalKind(values.arrivals);
  if (values['step-duration'] !== undefined) out.stepMs = durationMs('--step-duration', values['step-duration']);
  if (values.duration !== undefined) out.durationMs = durationMs('--duration', values.duration);
  if (values.warmup !== undefined) out.warmupMs = durationMs('--warmup', values.warmup);
  return out;
}
