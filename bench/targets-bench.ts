/**
 * `npm run bench:targets`: each REST target on loopback at 1 and 8 connections with the same
 * one-image JSON body (closed loop, one kept-alive connection per caller): req/s, p50, p99 —
 * next to the engine's in-process batch-1 p50, the floor any target's latency is measured against.
 *   npx tsx bench/targets-bench.ts [--duration 10] [--targets embedded,express,...]
 */
import { Client as HttpClient } from 'undici';
import { percentile, postPredict, restLoad } from './closed-loop.ts';
import { measureBatch1 } from './engine-bench.ts';
import { parseServerTiming } from '../servers/core/server-timing.ts';
import { parseArgs } from 'node:util';
import { ensureModel } from '../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../servers/targets/target.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { tmpdir } from 'node:os';
import { createProcessRuntime } from '../runner/runtimes/process-runtime.ts';
import { startUnit } from '../runner/run/target-unit.ts';
import { parseTargetSpec } from '../runner/run/target-specs.ts';
import { DEFAULT_TARGET_OPTIONS } from '../servers/targets/target.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    targets: { type: 'string', default: 'null,embedded,express,fastify,gateway:fastify' },
  },
});
const duration = Number(values.duration);
const specs = values.targets.split(',');

const modelDir = await ensureModel(DEFAULT_MODEL_DIR);
const image = syntheticImages(1)[0].pixels;
const body = JSON.stringify({ instances: [nestedImage(image)] });

/** One connection, sequential requests: p50 of the client latency and of each Server-Timing part. */
async function latencyParts(url: string, requests: number) {
  const client = new HttpClient(url, { pipelining: 1 });
  const parts = { client: [] as number[], decode: [] as number[], infer: [] as number[], encode: [] as number[] };
  try {
    for (let i = 0; i < requests + 100; i++) {
      const started = performance.now();
      const answer = await postPredict(client, body);
      const elapsed = performance.now() - started;
      if (i < 100) continue; // warm-up
      const timing = parseServerTiming(answer.serverTiming);
      parts.client.push(elapsed);
      parts.decode.push(timing.decode ?? NaN);
      parts.infer.push(timing.infer ?? NaN);
      parts.encode.push(timing.encode ?? NaN);
    }
  } finally {
    await client.close();
  }
  const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  return { client: p50(parts.client), decode: p50(parts.decode), infer: p50(parts.infer), encode: p50(parts.encode) };
}

async function load(url: string, connections: number) {
  await restLoad(url, body, connections, 2); // warm-up, not measured
  return restLoad(url, body, connections, duration);
}

const runtime = createProcessRuntime({ logDir: tmpdir(), startDeadlineMs: 60_000, warn: (m) => console.warn(m) });
const engineP50 = await measureBatch1({ modelDir, runs: 300 });
console.log(`engine in-process batch-1 p50 (onnxruntime, 1 thread): ${engineP50.toFixed(2)} ms`);
console.log('\n| target | conns | req/s | p50 ms | p99 ms | errors |\n| --- | --- | --- | --- | --- | --- |');
const rows: Record<string, { c1: Awaited<ReturnType<typeof load>>; c8: Awaited<ReturnType<typeof load>> }> = {};
let fastifyParts: Awaited<ReturnType<typeof latencyParts>> | undefined;
for (const spec of specs) {
  const target = await startUnit(runtime, parseTargetSpec(spec), { ...DEFAULT_TARGET_OPTIONS, modelDir, workers: 2, threads: 1 });
  try {
    const c1 = await load(target.url, 1);
    const c8 = await load(target.url, 8);
    rows[spec] = { c1, c8 };
    if (spec === 'fastify') fastifyParts = await latencyParts(target.url, 2000);
    for (const [c, r] of [[1, c1], [8, c8]] as const) {
      console.log(`| ${spec} | ${c} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
    }
  } finally {
    await target.stop();
  }
}
const f = rows.fastify;
if (f) {
  console.log(`\nfastify p50 at 1 connection / engine batch-1 p50: ${(f.c1.p50 / engineP50).toFixed(2)}x (target <= 1.25x)`);
  console.log(`fastify req/s at 8 connections / at 1 connection: ${(f.c8.rps / f.c1.rps).toFixed(2)}x (target >= 1.5x)`);
}
if (fastifyParts) {
  const p = fastifyParts;
  const inHandler = p.decode + p.infer + p.encode;
  console.log(
    `\nfastify at 1 connection, p50 of each part over 2,000 sequential requests (Server-Timing): client ${p.client.toFixed(2)} ms = ` +
      `decode ${p.decode.toFixed(3)} + infer ${p.infer.toFixed(3)} (worker round trip; engine alone ${engineP50.toFixed(3)}) + encode ${p.encode.toFixed(3)} ` +
      `+ outside the handler ~${(p.client - inHandler).toFixed(2)} (HTTP, client, thread wake-ups; see bench:wakeup)`,
  );
}
