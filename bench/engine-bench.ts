/**
 * In-process engine benchmark: load time, batch-1 p50/p99 latency, batch-32 throughput, per engine
 * and thread count. `npx tsx bench/engine-bench.ts [--runs 200]` prints a markdown table.
 * `measureBatch1` and `timeRuns` are exported so other benchmarks can compare against in-process inference.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureModel } from '../servers/model/generate.ts';
import { loadEngine } from '../servers/engines/engine-registry.ts';
import { importTfjsNode } from '../servers/engines/tfjs-node-engine.ts';
import type { Engine, EngineName, TensorMap } from '../servers/engines/engine.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { percentile } from './closed-loop.ts';

export interface EngineBenchResult {
  engine: EngineName;
  threads: number;
  loadMs: number;
  batch1P50Ms: number;
  batch1P99Ms: number;
  batch32ImagesPerSec: number;
}

function batchOf(n: number): TensorMap {
  return { images: { data: toFloat32Batch(syntheticImages(n).map((i) => i.pixels)), shape: [n, 32, 32, 3] } };
}

/** `runs` back-to-back predicts of the same input: latencies in ms, ascending. */
export async function timeRuns(engine: Engine, input: TensorMap, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await engine.predict(input);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function benchEngine(name: EngineName, threads: number, runs = 200, modelDir?: string): Promise<EngineBenchResult> {
  const dir = modelDir ?? (await ensureModel());
  const t0 = performance.now();
  const engine = await loadEngine(name, { modelDir: dir, threads });
  const loadMs = performance.now() - t0;
  try {
    const one = batchOf(1);
    const many = batchOf(32);
    await timeRuns(engine, one, 20); // warm-up
    await timeRuns(engine, many, 2);
    const lat = await timeRuns(engine, one, runs);
    const batchRuns = Math.max(3, Math.round(runs / 20));
    const big = await timeRuns(engine, many, batchRuns);
    const meanBig = big.reduce((s, v) => s + v, 0) / big.length;
    return { engine: name, threads, loadMs, batch1P50Ms: percentile(lat, 50), batch1P99Ms: percentile(lat, 99), batch32ImagesPerSec: (32 * 1000) / meanBig };
  } finally {
    await engine.dispose();
  }
}

/** In-process batch-1 p50 latency (ms) for onnxruntime: the floor a served request cannot beat. */
export async function measureBatch1(options: { engine?: EngineName; threads?: number; runs?: number; modelDir?: string } = {}): Promise<number> {
  const r = await benchEngine(options.engine ?? 'onnxruntime', options.threads ?? 1, options.runs ?? 200, options.modelDir);
  return r.batch1P50Ms;
}

export function markdownTable(results: EngineBenchResult[]): string {
  const rows = results.map((r) =>
    `| ${r.engine} | ${r.threads} | ${r.loadMs.toFixed(0)} | ${r.batch1P50Ms.toFixed(2)} | ${r.batch1P99Ms.toFixed(2)} | ${r.batch32ImagesPerSec.toFixed(0)} |`,
  );
  return ['| engine | threads | load ms | batch-1 p50 ms | batch-1 p99 ms | batch-32 images/s |', '| --- | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  const runs = values.runs ? Number(values.runs) : 200;
  const results: EngineBenchResult[] = [];
  for (const threads of [1, 2]) results.push(await benchEngine('onnxruntime', threads, runs));
  // The wasm backend is initialised once per process, so one thread setting here.
  results.push(await benchEngine('tfjs-wasm', 1, runs));
  const notes: string[] = [];
  try {
    await importTfjsNode();
    results.push(await benchEngine('tfjs-node', 1, runs));
  } catch (err) {
    notes.push(`tfjs-node skipped: ${err instanceof Error ? err.message : err}`);
  }
  console.log(markdownTable(results));
  console.log(`\n${runs} batch-1 runs after 20 warm-up runs; model ${path.relative(process.cwd(), await ensureModel())}; ` +
    `Node ${process.version}; ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`);
  for (const n of notes) console.log(`\n${n}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
