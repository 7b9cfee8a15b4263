/**
 * Streams resource samples to InfluxDB next to k6's `--out influxdb`. Writes are buffered and
 * flushed every `flushMs` or `batchPoints` points, one request at a time, never awaited by the
 * caller. InfluxDB down at start: one warning, the sink is a no-op. Down mid-run: one warning,
 * the points that could not be written are counted as dropped, the run goes on. Never throws
 * after start (a malformed URL is a configuration error and throws at once).
 */
import { hostname } from 'node:os';
import type { IPoint } from 'influx';
import type { ResourceSample } from '../runtimes/runtime.ts';
import { CADVISOR_SCHEMA, createCadvisorPoints, POINTS_PER_SAMPLE } from './cadvisor-points.ts';
import { influxClient } from './influx-client.ts';
import { formatInfluxUrl, parseInfluxUrl } from './influx-url.ts';
import type { ResourcePhase, ResourceRole } from './measurements.ts';

export interface InfluxSinkReport {
  written: number;
  dropped: number;
  warnings: string[];
}

export interface InfluxSink {
  /** False when InfluxDB was unreachable at start (everything is dropped). */
  readonly active: boolean;
  /**
   * Queues the samples of one target (label) and returns at once; `profile` overrides the start
   * option's; `role: 'load'` marks the load engine's own samples while it drives that target;
   * `phase` says whether they fall in the warm-up or the measured part.
   */
  writeSamples(target: string, samples: ResourceSample[], labels?: { profile?: string; role?: ResourceRole; phase?: ResourcePhase }): void;
  /** The value for k6's `--out`, e.g. `influxdb=http://127.0.0.1:8086/servebench`. */
  k6OutputArg(): string;
  /** Flushes what is queued (bounded by the request timeout) and reports; never rejects. */
  close(): Promise<InfluxSinkReport>;
}

export interface InfluxSinkOptions {
  runId: string;
  profile: string;
  /** `machine` tag; defaults to this host's name. */
  machine?: string;
  flushMs?: number;
  batchPoints?: number;
  /** Points held while InfluxDB is slow; the oldest beyond this are dropped. */
  maxQueuedPoints?: number;
  requestTimeoutMs?: number;
  /** Where warnings go as they happen (they are also in the close() report). */
  warn?: (message: string) => void;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function startInfluxSink(url: string, options: InfluxSinkOptions): Promise<InfluxSink> {
  const target = parseInfluxUrl(url);
  const where = `${target.protocol}://${target.host}:${target.port}/${target.database}`;
  const k6Arg = `influxdb=${formatInfluxUrl(target)}`;
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    (options.warn ?? ((m: string) => console.warn(m)))(message);
  };
  const client = influxClient(target, {
    schema: CADVISOR_SCHEMA,
    pool: { maxRetries: 0, requestTimeout: options.requestTimeoutMs ?? 5000 },
  });
  const toPoints = createCadvisorPoints({
    runId: options.runId,
    profile: options.profile,
    machine: options.machine ?? hostname(),
  });

  try {
    const names = await client.getDatabaseNames();
    if (!names.includes(target.database)) await client.createDatabase(target.database);
  } catch (err) {
    warn(`InfluxDB at ${where} is not reachable (${errorText(err)}): resource samples will not be written; the run goes on.`);
    return noopSink(k6Arg, warnings);
  }

  const flushMs = options.flushMs ?? 1000;
  const batchPoints = options.batchPoints ?? 1000;
  const maxQueued = options.maxQueuedPoints ?? 50_000;
  let queue: IPoint[] = [];
  let written = 0;
  let dropped = 0;
  let failing = false;
  let lastFailed = false;
  let inFlight: Promise<void> | null = null;

  function flush(): Promise<void> {
    if (inFlight || queue.length === 0) return inFlight ?? Promise.resolve();
    const batch = queue.slice(0, batchPoints);
    queue = queue.slice(batch.length);
    inFlight = client
      .writePoints(batch, { precision: 'ms' })
      .then(
        () => {
          written += batch.length;
          lastFailed = false;
        },
        (err: unknown) => {
          dropped += batch.length;
          lastFailed = true;
          if (!failing) warn(`InfluxDB write to ${where} failed (${errorText(err)}): resource samples are being dropped; the run goes on.`);
          failing = true;
        },
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  return {
    active: true,
    writeSamples(targetLabel, samples, labels) {
      queue.push(...toPoints(targetLabel, samples, labels?.profile, labels?.role, labels?.phase));
      if (queue.length > maxQueued) {
        dropped += queue.length - maxQueued;
        queue = queue.slice(queue.length - maxQueued);
      }
      if (queue.length >= batchPoints) void flush();
    },
    k6OutputArg: () => k6Arg,
    async close() {
      clearInterval(timer);
      while (inFlight || queue.length > 0) {
        await flush();
        // InfluxDB refused (or timed out on) the last batch: drop the rest rather than wait per batch.
        if (lastFailed) {
          dropped += queue.length;
          queue = [];
        }
      }
      return { written, dropped, warnings: [...warnings] };
    },
  };
}

function noopSink(k6Arg: string, warnings: string[]): InfluxSink {
  let dropped = 0;
  return {
    active: false,
    writeSamples(target, samples) {
      dropped += samples.length * POINTS_PER_SAMPLE;
    },
    k6OutputArg: () => k6Arg,
    close: async () => ({ written: 0, dropped, warnings: [...warnings] }),
  };
}
