/**
 * One closed-loop driver for the benchmarks: each concurrent caller sends its next request as
 * soon as the previous answer is read, until the deadline; latencies with sub-ms precision.
 */
import { Client as HttpClient } from 'undici';
import { MODEL_NAME } from '../servers/model/architecture.ts';

export interface Measured {
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface LoopResult {
  /** One latency (ms) per successful call, ascending. */
  latencies: number[];
  errors: number;
  elapsedMs: number;
}

/** Runs every caller back to back for `ms`; the raw latencies. */
export async function runClosedLoop(callers: (() => Promise<void>)[], ms: number): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    callers.map(async (call) => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, errors, elapsedMs: performance.now() - started };
}

/** Runs every caller back to back until the deadline: req/s and percentiles. */
export async function closedLoop(callers: (() => Promise<void>)[], seconds: number): Promise<Measured> {
  const { latencies, errors, elapsedMs } = await runClosedLoop(callers, seconds * 1000);
  return { concurrency: callers.length, rps: latencies.length / (elapsedMs / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** POSTs one pre-encoded TF Serving JSON body to `:predict` and reads the answer; throws unless 200. */
export async function postPredict(client: HttpClient, body: string, model = MODEL_NAME): Promise<{ serverTiming?: string }> {
  const res = await client.request({ path: `/v1/models/${model}:predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  return { serverTiming: res.headers['server-timing'] as string | undefined };
}

/** POSTs one pre-encoded TF Serving JSON body to `:predict`, one kept-alive connection per caller. */
export async function restLoad(url: string, body: string, concurrency: number, seconds: number, model = MODEL_NAME): Promise<Measured> {
  const clients = Array.from({ length: concurrency }, () => new HttpClient(url, { pipelining: 1 }));
  try {
    return await closedLoop(clients.map((client) => async () => void (await postPredict(client, body, model))), seconds);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}
