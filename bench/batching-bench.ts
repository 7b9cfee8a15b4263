/**
 * `npm run bench:batching`: server-side batching off vs on, for the fastify target (2 workers ×
 * 1 thread, onnxruntime) under 1, 8 and 16 concurrent one-image callers: req/s, p50, p99 and the
 * throughput ratio. Batching joins only calls that queue while every worker is busy (timeout 0),
 * so at 1 caller both rows should match.
 *   npx tsx bench/batching-bench.ts [--duration 8] [--max-batch-size 32] [--target fastify]
 */
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { percentile, restLoad, type Measured } from './closed-loop.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS } from '../servers/targets/target.ts';
import { createProcessRuntime } from '../runner/runtimes/process-runtime.ts';
import { loadEngine } from '../servers/engines/engine-registry.ts';
import { timeRuns } from './engine-bench.ts';
import { startUnit } from '../runner/run/target-unit.ts';
import { parseTargetSpec } from '../runner/run/target-specs.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    'max-batch-size': { type: 'string', default: '32' },
    target: { type: 'string', default: 'fastify' },
  },
});
const duration = Number(values.duration);
const maxBatchSize = Number(values['max-batch-size']);
const CONCURRENCY = [1, 8, 16];

const modelDir = await ensureModel(DEFAULT_MODEL_DIR);
const body = JSON.stringify({ instances: [nestedImage(syntheticImages(1)[0].pixels)] });
const runtime = createProcessRuntime({ logDir: tmpdir(), startDeadlineMs: 60_000, warn: (m) => console.warn(m) });

/** What joining buys inside the engine: in-process onnxruntime (1 thread), p50 per image by batch size. */
async function perImageByBatch(): Promise<string> {
  const engine = await loadEngine('onnxruntime', { modelDir, threads: 1 });
  const cells: string[] = [];
  try {
    for (const batch of [1, 2, 4, 8, 16]) {
      const input = { images: { data: new Float32Array(batch * 32 * 32 * 3).fill(120), shape: [batch, 32, 32, 3] } };
      await timeRuns(engine, input, 10); // warm-up
      cells.push(`batch ${batch}: ${(percentile(await timeRuns(engine, input, 100), 50) / batch).toFixed(3)} ms`);
    }
  } finally {
    await engine.dispose();
  }
  return cells.join(', ');
}
const engineLine = await perImageByBatch();

const results: Record<string, Measured[]> = {};
for (const mode of ['off', 'on'] as const) {
  const options = { ...DEFAULT_TARGET_OPTIONS, modelDir, workers: 2, threads: 1, ...(mode === 'on' ? { batching: { maxBatchSize, timeoutMicros: 0 } } : {}) };
  const unit = await startUnit(runtime, parseTargetSpec(values.target), options);
  try {
    results[mode] = [];
    for (const concurrency of CONCURRENCY) {
      await restLoad(unit.url, body, concurrency, 2); // warm-up
      results[mode].push(await restLoad(unit.url, body, concurrency, duration));
    }
  } finally {
    await unit.stop();
  }
}

console.log(`\n${values.target}, 2 workers x 1 thread, one-image JSON requests, ${duration} s per cell; max batch ${maxBatchSize}, timeout 0; ` +
  `Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| callers | batching | req/s | p50 ms | p99 ms | errors |\n| ---: | --- | ---: | ---: | ---: | ---: |');
CONCURRENCY.forEach((c, i) => {
  for (const mode of ['off', 'on'] as const) {
    const r = results[mode][i];
    console.log(`| ${c} | ${mode} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  }
});
console.log(`\nonnxruntime in-process, 1 thread, p50 per image: ${engineLine}\n`);
CONCURRENCY.forEach((c, i) => console.log(`${c} callers: throughput with / without batching ${(results.on[i].rps / results.off[i].rps).toFixed(2)}x`));
