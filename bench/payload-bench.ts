/**
 * The payload sweep (`npm run bench:payload`): client batch sizes 1, 4, 16, 64 for each wire
 * format (REST JSON over TF Serving's API, gRPC tensor_content, OIP REST JSON, OIP REST binary,
 * OIP gRPC raw) and each generated model (cifar10: 32x32x3 int pixels; payload224: 224x224x3
 * float pixels), on the built-in engine against our fastify (REST) and grpc targets on loopback,
 * each in its own process, serving the model with --max-body raised so a 64-image payload224
 * JSON body (~60 MiB) fits. Prints the table (bytes on the wire per request, server and client
 * encode/decode, images/s over the rounds with their spread), the crossover where gRPC starts to
 * win, the large-input target and TF Serving API vs OIP on the same target.
 *   npm run bench:payload -- [--duration 2] [--warmup 1] [--vus 2] [--rounds 2] [--batches 1,4,16,64]
 *                            [--models cifar10,payload224] [--workers 2] [--max-body 268435456] [--json out.json]
 */
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { createProcessRuntime } from '../runner/runtimes/process-runtime.ts';
import { startUnit, type TargetUnit } from '../runner/run/target-unit.ts';
import { parseTargetSpec } from '../runner/run/target-specs.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { modelSpecNamed } from '../servers/model/model-specs.ts';
import { DEFAULT_TARGET_OPTIONS } from '../servers/targets/target.ts';
import { runSweep } from './payload/run-sweep.ts';
import { SWEEP_BATCHES, SWEEP_MODELS, sweepModelNamed, WIRE_FORMATS } from './payload/sweep-plan.ts';
import { apiPairs, apiPairsText, crossovers, crossoverText, markdownTable, sweepRows, targetText } from './payload/sweep-table.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    vus: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    batches: { type: 'string', default: SWEEP_BATCHES.join(',') },
    models: { type: 'string', default: SWEEP_MODELS.map((m) => m.name).join(',') },
    workers: { type: 'string', default: '2' },
    'max-body': { type: 'string', default: String(256 * 1024 * 1024) },
    json: { type: 'string' },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got ${text}`);
  return n;
}

const load = {
  durationMs: positive('duration', values.duration) * 1000,
  warmupMs: Number(values.warmup) * 1000,
  vus: positive('vus', values.vus),
  pool: 16,
};
const rounds = positive('rounds', values.rounds);
const batches = values.batches.split(',').map((b) => positive('batches', b));
const models = values.models.split(',').map(sweepModelNamed);
const runtime = createProcessRuntime({ logDir: tmpdir(), startDeadlineMs: 120_000, warn: (m) => console.warn(m) });
const options = { ...DEFAULT_TARGET_OPTIONS, workers: positive('workers', values.workers), threads: 1, maxBodyBytes: positive('max-body', values['max-body']) };

const units: TargetUnit[] = [];
try {
  const targets = [];
  for (const model of models) {
    const modelDir = `models/${model.name}`;
    await ensureModel(modelDir, { spec: modelSpecNamed(model.name) });
    const rest = await startUnit(runtime, parseTargetSpec('fastify'), { ...options, modelDir });
    units.push(rest);
    const grpc = await startUnit(runtime, parseTargetSpec('grpc'), { ...options, modelDir });
    units.push(grpc);
    targets.push({ model, target: { rest: rest.url, grpc: grpc.url } });
  }
  const started = Date.now();
  const cells = await runSweep({ models: targets, formats: WIRE_FORMATS, batches, rounds, load }, (c) =>
    console.error(`round ${c.round} ${c.model} ${c.format} batch ${c.batch}: ${c.imagesPerSec.toFixed(1)} images/s, ${c.requests} requests, checks ${(c.checkRate * 100).toFixed(1)}%`),
  );
  const rows = sweepRows(cells);
  const found = crossovers(rows);
  console.log(
    `\npayload sweep: ${rounds} rounds x ${models.length} models x ${WIRE_FORMATS.length} wire formats x batches ${batches.join(',')}; ` +
      `${load.vus} VUs, ${load.warmupMs / 1000} s warm-up + ${load.durationMs / 1000} s per cell; targets fastify (REST) and grpc, onnxruntime, ` +
      `${options.workers} workers x 1 thread, --max-body ${options.maxBodyBytes}; built-in engine; Node ${process.version}; ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  console.log(markdownTable(rows));
  console.log(`\nWhere gRPC starts to win (images/s over REST JSON's):\n${crossoverText(found)}`);
  console.log(`\nLarge-input target:\n${models.map((m) => targetText(found, m.name)).join('\n')}`);
  console.log(`\nTF Serving API vs OIP on the same target (images/s):\n${apiPairsText(apiPairs(rows))}`);
  if (values.json) await writeFile(values.json, JSON.stringify({ load, rounds, batches, cells, rows }, null, 2));
} finally {
  for (const unit of units.reverse()) await unit.stop();
}
