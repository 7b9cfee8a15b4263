/**
 * Admission, timeout and shutdown flags, shared by `servebench serve` and `servebench run`
 * (as runner/batching-flags.ts is for batching). Absent flags stay absent: the target fills in
 * the defaults (servers/core/serving-limits.ts), so `run` passes on only what the user set.
 */
import { DEFAULT_LIMITS, QUEUE_DEPTH_PER_WORKER, resolveLimits, type ServingLimits } from '../servers/core/serving-limits.ts';
import { durationMs, integer } from './flag-values.ts';

const s = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
const HOUR = 3_600_000;

export const SERVING_FLAGS = {
  'max-queue': { type: 'string' },
  'header-timeout': { type: 'string' },
  'body-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'upstream-timeout': { type: 'string' },
  'grpc-max-streams': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
} as const;

export const SERVING_USAGE = `  --max-queue <n>        most predict calls waiting for a worker; past it 503 + Retry-After / UNAVAILABLE
                         (default ${QUEUE_DEPTH_PER_WORKER} x workers, x --max-batch-size with --batching)
  --header-timeout <d>   request headers must arrive within this, else 408 and closed (default ${s(DEFAULT_LIMITS.headerTimeoutMs)})
  --body-timeout <d>     the whole request, headers and body, within this, else 408 and closed (default ${s(DEFAULT_LIMITS.bodyTimeoutMs)})
  --idle-timeout <d>     idle kept-alive HTTP and gRPC connections are closed after this (default ${s(DEFAULT_LIMITS.idleTimeoutMs)})
  --upstream-timeout <d> gateway: 504 when the model server has not answered within this (default ${s(DEFAULT_LIMITS.upstreamTimeoutMs)})
  --grpc-max-streams <n> gRPC: concurrent calls per connection (default ${DEFAULT_LIMITS.grpcMaxStreams})
  --shutdown-timeout <d> on SIGTERM: admitted requests get this long to finish (default ${s(DEFAULT_LIMITS.shutdownTimeoutMs)})`;

type ServingFlagValues = Partial<Record<keyof typeof SERVING_FLAGS, string>>;

export function parseServingFlags(values: ServingFlagValues): Partial<ServingLimits> {
  const limits: Partial<ServingLimits> = {};
  const d = (flag: keyof typeof SERVING_FLAGS, min: number) => (values[flag] === undefined ? undefined : durationMs(`--${flag}`, values[flag], min, HOUR));
  if (values['max-queue'] !== undefined) limits.maxQueue = integer('--max-queue', values['max-queue'], 0, 1 << 20);
  if (values['grpc-max-streams'] !== undefined) limits.grpcMaxStreams = integer('--grpc-max-streams', values['grpc-max-streams'], 1, 1 << 20);
  const timeouts = {
    headerTimeoutMs: d('header-timeout', 100),
    bodyTimeoutMs: d('body-timeout', 100),
    idleTimeoutMs: d('idle-timeout', 100),
    upstreamTimeoutMs: d('upstream-timeout', 10),
    shutdownTimeoutMs: d('shutdown-timeout', 0),
  };
  for (const [key, value] of Object.entries(timeouts)) if (value !== undefined) limits[key as keyof typeof timeouts] = value;
  resolveLimits({ workers: 1, limits }); // checks the combination (header timeout within the body timeout)
  return limits;
}

/** The same limits as `serve` flags (for the runtimes that start targets). */
export function servingArgs(limits: Partial<ServingLimits> | undefined): string[] {
  if (!limits) return [];
  const args: string[] = [];
  const flag: Record<keyof ServingLimits, [keyof typeof SERVING_FLAGS, (v: number) => string]> = {
    maxQueue: ['max-queue', String],
    grpcMaxStreams: ['grpc-max-streams', String],
    headerTimeoutMs: ['header-timeout', (v) => `${v}ms`],
    bodyTimeoutMs: ['body-timeout', (v) => `${v}ms`],
    idleTimeoutMs: ['idle-timeout', (v) => `${v}ms`],
    upstreamTimeoutMs: ['upstream-timeout', (v) => `${v}ms`],
    shutdownTimeoutMs: ['shutdown-timeout', (v) => `${v}ms`],
  };
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) args.push(`--${flag[key as keyof ServingLimits][0]}`, flag[key as keyof ServingLimits][1](value));
  }
  return args;
}
