/**
 * gRPC vs REST on the same model and the same image: the `grpc` target (float_val and
 * tensor_content requests) against the `fastify` target (TF Serving JSON `{"instances": [...]}`),
 * each in its own process (the runner's process runtime), at 1 and 8 concurrent calls.
 * Prints req/s, p50 and p99 as a markdown table and the gRPC tensor_content / REST ratios at 8.
 *   npx tsx bench/grpc-vs-rest-bench.ts [--duration 10] [--warmup 2] [--workers 2] [--server-cpus 1]
 * With --server-cpus the targets are pinned (taskset); run the bench itself on the other core
 * (`taskset -c 0 npx tsx ...`) so client and server never share one. Server CPU per request is
 * read from /proc for the target's processes over each measured window.
 *
 * One closed-loop driver measures both (same clock, same percentiles): each concurrent caller has
 * its own connection (like a k6 VU), sends a pre-encoded request (gRPC: grpc-js with an identity
 * serializer; REST: an undici Client) and reads the answer without decoding it. Answers are
 * verified once per encoding before anything is measured.
 */
import * as grpc from '@grpc/grpc-js';
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { closedLoop, restLoad } from './closed-loop.ts';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { loadServingProtos } from '../servers/grpc/serving-protos.ts';
import { grpcTargetAddress } from '../servers/grpc/serving-clients.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS } from '../servers/targets/target.ts';
import { createProcessRuntime } from '../runner/runtimes/process-runtime.ts';
import { startUnit, type TargetUnit } from '../runner/run/target-unit.ts';
import { parseTargetSpec } from '../runner/run/target-specs.ts';
import { threadCpu } from '../runner/resources/proc-tree.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { MODEL_NAME } from '../servers/model/architecture.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    'server-cpus': { type: 'string' },
  },
});
const durationS = Number(values.duration);
const warmupS = Number(values.warmup);
const CONCURRENCY = [1, 8];

interface Row {
  target: string;
  request: string;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Target's CPU time per request (all its processes), ms. */
  serverCpuMs?: number;
  /** Of which its event-loop (main) thread, and its other threads (inference workers), ms. */
  eventLoopMs?: number;
  workerThreadsMs?: number;
  /** This process's CPU time per request: the load-generating client, ms. */
  clientCpuMs?: number;
}

const modelDir = await ensureModel(DEFAULT_MODEL_DIR);
const image = syntheticImages(1)[0].pixels;
const pixels = toFloat32Batch([image]);
const restBody = JSON.stringify({ instances: [nestedImage(image)] });

// --- gRPC: pre-encoded PredictRequests sent through an identity-serializing client ---
const protos = loadServingProtos();
const predictDef = protos.predictionService.Predict;
const tensorShape = { dim: [1, 32, 32, 3].map((size) => ({ size })) };
const grpcRequests: Record<string, Buffer> = {
  float_val: predictDef.requestSerialize({
    model_spec: { name: MODEL_NAME },
    inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: tensorShape, float_val: Array.from(pixels) } },
  }),
  tensor_content: predictDef.requestSerialize({
    model_spec: { name: MODEL_NAME },
    inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: tensorShape, tensor_content: Buffer.from(pixels.buffer) } },
  }),
};
const identity = (b: Buffer) => b;
const RawPredictClient = grpc.makeGenericClientConstructor(
  { Predict: { ...predictDef, requestSerialize: identity, responseDeserialize: identity } },
  'RawPredict',
);

function rawClient(url: string): grpc.Client {
  // A local subchannel pool gives every client its own HTTP/2 connection.
  return new RawPredictClient(grpcTargetAddress(url), grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1, 'grpc.enable_channelz': 0 });
}

function rawPredict(client: grpc.Client, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    (client as unknown as { Predict: (r: Buffer, cb: (e: grpc.ServiceError | null, res?: Buffer) => void) => void }).Predict(request, (err, res) =>
      err ? reject(err) : resolve(res!),
    );
  });
}

type Measured = Omit<Row, 'target' | 'request' | 'serverCpuMs'>;

async function grpcLoad(url: string, request: Buffer, concurrency: number, seconds: number): Promise<Measured> {
  const clients = Array.from({ length: concurrency }, () => rawClient(url));
  try {
    return await closedLoop(clients.map((client) => async () => void (await rawPredict(client, request))), seconds);
  } finally {
    for (const c of clients) c.close();
  }
}

// --- verify before benchmark: every encoding must give the REST answer ---
async function verify(grpcUrl: string, restUrl: string): Promise<void> {
  const res = await fetch(`${restUrl}/v1/models/${MODEL_NAME}:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: restBody });
  if (res.status !== 200) throw new Error(`REST verification failed: HTTP ${res.status} ${await res.text()}`);
  const rest = Float32Array.from(((await res.json()) as { predictions: number[][] }).predictions.flat());
  const client = rawClient(grpcUrl);
  try {
    for (const [encoding, request] of Object.entries(grpcRequests)) {
      const answer = predictDef.responseDeserialize(await rawPredict(client, request)) as { outputs: { probabilities: { tensor_content: Buffer } } };
      const content = Uint8Array.from(answer.outputs.probabilities.tensor_content);
      const probs = new Float32Array(content.buffer);
      const diff = Math.max(...probs.map((p, i) => Math.abs(p - rest[i])));
      if (probs.length !== rest.length || !(diff < 1e-5)) throw new Error(`gRPC ${encoding} answer differs from REST (max |diff| ${diff})`);
    }
  } finally {
    client.close();
  }
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

type CpuSplit = Required<Pick<Row, 'serverCpuMs' | 'eventLoopMs' | 'workerThreadsMs' | 'clientCpuMs'>>;

const threadSeconds = (unit: TargetUnit) =>
  unit.pids.map(threadCpu).reduce((a, t) => ({ main: a.main + t.mainSeconds, other: a.other + t.otherSeconds }), { main: 0, other: 0 });

/** Measures one window and, per request over it, the target's CPU (split by thread) and the client's. */
async function withServerCpu(unit: TargetUnit, window: () => Promise<Measured>): Promise<Measured & CpuSplit> {
  await unit.sample(); // starts the CPU meter's window
  const threadsBefore = threadSeconds(unit);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const measured = await window();
  const { cpuPercent } = await unit.sample();
  const elapsedMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const threadsAfter = threadSeconds(unit);
  const requests = measured.rps * (elapsedMs / 1000);
  return {
    ...measured,
    serverCpuMs: ((cpuPercent / 100) * elapsedMs) / requests,
    eventLoopMs: ((threadsAfter.main - threadsBefore.main) * 1000) / requests,
    workerThreadsMs: ((threadsAfter.other - threadsBefore.other) * 1000) / requests,
    clientCpuMs: (client.user + client.system) / 1000 / requests,
  };
}

const runtime = createProcessRuntime({ logDir: tmpdir(), startDeadlineMs: 60_000, warn: (m) => console.warn(m) });
const options = { ...DEFAULT_TARGET_OPTIONS, modelDir, workers: Number(values.workers), threads: 1 };
const units: TargetUnit[] = [];
const rows: Row[] = [];
try {
  const cpus = values['server-cpus'];
  const grpcTarget = await startUnit(runtime, parseTargetSpec('grpc'), options, cpus);
  units.push(grpcTarget);
  const restTarget = await startUnit(runtime, parseTargetSpec('fastify'), options, cpus);
  units.push(restTarget);
  await verify(grpcTarget.url, restTarget.url);

  for (const concurrency of CONCURRENCY) {
    for (const [encoding, request] of Object.entries(grpcRequests)) {
      await grpcLoad(grpcTarget.url, request, concurrency, warmupS);
      rows.push({ target: 'grpc', request: encoding, ...(await withServerCpu(grpcTarget, () => grpcLoad(grpcTarget.url, request, concurrency, durationS))) });
    }
    await restLoad(restTarget.url, restBody, concurrency, warmupS);
    rows.push({ target: 'fastify', request: 'JSON instances', ...(await withServerCpu(restTarget, () => restLoad(restTarget.url, restBody, concurrency, durationS))) });
  }
} finally {
  for (const unit of units.reverse()) await unit.stop();
}

console.log(
  `\nbatch 1, ${durationS} s per cell after ${warmupS} s warm-up; targets: onnxruntime, ${options.workers} workers x 1 thread; ` +
    `Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);
console.log(`server cpus: ${values['server-cpus'] ?? 'not pinned (client and server share the cores)'}\n`);
console.log('CPU ms per request: server (all its threads) = event loop + other threads (inference workers, V8, libuv); client = this process.\n');
console.log(
  '| target | request | concurrency | req/s | p50 ms | p99 ms | server CPU | event loop | other threads | client CPU | errors |\n' +
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
);
for (const r of rows) {
  const cpu = [r.serverCpuMs, r.eventLoopMs, r.workerThreadsMs, r.clientCpuMs].map((v) => fmt(v ?? NaN)).join(' | ');
  console.log(`| ${r.target} | ${r.request} | ${r.concurrency} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${cpu} | ${r.errors} |`);
}
const at8 = (target: string, request: string) => rows.find((r) => r.target === target && r.request === request && r.concurrency === 8);
const content8 = at8('grpc', 'tensor_content');
const rest8 = at8('fastify', 'JSON instances');
if (content8 && rest8) {
  console.log(`\nat 8 concurrent calls, gRPC tensor_content / REST: req/s ${fmt(content8.rps / rest8.rps)}x (target >= 1.3x), p50 ${fmt(content8.p50 / rest8.p50)}x`);
  if (content8.serverCpuMs && rest8.serverCpuMs) {
    console.log(`server CPU per request, REST / gRPC tensor_content: ${fmt(rest8.serverCpuMs / content8.serverCpuMs)}x`);
  }
  // Client and server share the cores unless pinned: throughput is bounded by all the CPU a
  // request takes. Even a gRPC path costing nothing beyond the inference workers would gain at
  // most REST's total over the workers' share alone.
  const restTotal = (rest8.serverCpuMs ?? NaN) + (rest8.clientCpuMs ?? NaN);
  const floor = content8.workerThreadsMs ?? NaN;
  if (!values['server-cpus']) {
    console.log(`ceiling for any protocol on this model: REST CPU per request (server + client) / inference-worker CPU alone = ${fmt(restTotal / floor)}x`);
  } else {
    console.log(`ceiling for any protocol on this model (server side only): REST server CPU / inference-worker CPU alone = ${fmt((rest8.serverCpuMs ?? NaN) / floor)}x`);
  }
}
