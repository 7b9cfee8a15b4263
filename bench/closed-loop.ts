/**
 * One closed-loop driver for the benchmarks: each concurrent caller sends its next request as
 * soon as the previous answer is read, until the deadline; latencies with sub-ms precision.
 */
import { Client as HttpClient } from 'undici';

export interface Measured {
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** Runs every caller back to back until the deadline; one latency per successful call. */
export async function closedLoop(callers: (() => Promise<void>)[], seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
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
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency: callers.length, rps: latencies.length / elapsedS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** POSTs one pre-encoded TF Serving JSON body to `:predict`, one kept-alive connection per caller. */
export async function restLoad(url: string, body: string, concurrency: number, seconds: number, model = 'cifar10'): Promise<Measured> {
  const clients = Array.from({ length: concurrency }, () => new HttpClient(url, { pipelining: 1 }));
  const post = (client: HttpClient) => async () => {
    const res = await client.request({ path: `/v1/models/${model}:predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  };
  try {
    return await closedLoop(clients.map(post), seconds);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}
