/**
 * `npm run bench:wakeup`: what one hand-off to an inference worker thread costs on this machine,
 * as a function of how long the threads sit idle. The worker busy-waits `work` ms (standing in
 * for the model) and answers; overhead = round trip − work. On a machine whose idle CPUs wake
 * fast this stays near the bare message cost; on a VM without guest halt-polling each wake of a
 * sleeping thread costs far more, and every served request pays for several of them (the client,
 * the server's event loop, the worker) — a floor under any target's latency that an in-process
 * engine call never sees. Then the real thing: onnxruntime called in-process and through the
 * inference worker pool (1 worker), same image. Run it under `taskset -c 1` to see the hand-offs
 * with both threads on one CPU.
 *   npx tsx bench/thread-wakeup-bench.ts [--calls 1000]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { percentile } from './closed-loop.ts';
import { timeRuns } from './engine-bench.ts';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import type { Engine } from '../servers/engines/engine.ts';
import { loadEngine } from '../servers/engines/engine-registry.ts';
import { createInferencePool } from '../servers/engines/worker-pool.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../servers/targets/target.ts';

const busyWait = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000' } } });
  const calls = Number(values.calls);
  const worker = new Worker(new URL('../servers/engines/worker-bootstrap.mjs', import.meta.url), { workerData: { entry: import.meta.url } });
  const roundTrip = (work: number) =>
    new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      const input = new Float32Array(32 * 32 * 3); // one image, transferred like the pool does
      worker.postMessage({ work, input }, [input.buffer]);
    });

  const cmdline = readOr('/proc/cmdline', '');
  const haltPoll = cmdline.split(/\s+/).filter((arg) => /halt_?poll/.test(arg));
  console.log(`Node ${process.version}; cpuidle driver: ${readOr('/sys/devices/system/cpu/cpuidle/current_driver', 'unknown')}` +
    `${haltPoll.length ? `; kernel: ${haltPoll.join(' ')}` : ''}; ${calls} round trips per row (p50)\n`);
  console.log('| worker busy ms | round trip ms | overhead ms |\n| ---: | ---: | ---: |');
  for (const work of [0, 0.1, 0.5, 1.5, 3]) {
    for (let i = 0; i < 100; i++) await roundTrip(work);
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await roundTrip(work);
      times.push(performance.now() - started);
    }
    const p50 = percentile(times.sort((a, b) => a - b), 50);
    console.log(`| ${work} | ${p50.toFixed(3)} | ${(p50 - work).toFixed(3)} |`);
  }
  await worker.terminate();

  const modelDir = await ensureModel(DEFAULT_MODEL_DIR);
  const image = syntheticImages(1)[0].pixels;
  const input = { images: { data: toFloat32Batch([image]), shape: [1, 32, 32, 3] } };
  const predictP50 = async (engine: Engine) => {
    try {
      await timeRuns(engine, input, 50); // warm-up
      return percentile(await timeRuns(engine, input, Math.min(calls, 600)), 50);
    } finally {
      await engine.dispose();
    }
  };
  const inProcess = await predictP50(await loadEngine('onnxruntime', { modelDir, threads: 1 }));
  // The pool copies the one input each call (no transfer), 12 KiB: noise beside a wake-up.
  const pooled = await predictP50(await createInferencePool({ engine: 'onnxruntime', modelDir, threads: 1, workers: 1 }));
  console.log(`\nonnxruntime batch-1 p50 (1 thread): in-process ${inProcess.toFixed(3)} ms, through the worker pool ${pooled.toFixed(3)} ms; ` +
    `the hop adds ${(pooled - inProcess).toFixed(3)} ms`);
}

if (isMainThread) await main();
else {
  parentPort!.on('message', (m: { work: number }) => {
    busyWait(m.work);
    parentPort!.postMessage({ probabilities: new Float32Array(10) });
  });
}
