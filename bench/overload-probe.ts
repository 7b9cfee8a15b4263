/**
 * A standalone overload probe (not the issue's `bench:overload`, which waits for the built-in
 * load engine): starts `servebench serve <target>` as its own process with its default flags,
 * then drives it closed-loop from this process with undici (REST) or grpc-js (gRPC) at each
 * concurrency level — by default 16 callers (about capacity) and 1,000 (a flood, one keep-alive
 * connection each for REST; 100 streams per connection for gRPC). A refused caller retries at
 * once (the worst case: it ignores Retry-After), or with --honor-retry-after waits the 1 s the
 * server asks for, as a well-behaved client does. Prints, per target and level: accepted req/s,
 * share refused (503 / UNAVAILABLE), p50 / p99 of the accepted calls, other errors, the server's
 * peak RSS, and the CPU the server and this load generator used (both share the machine).
 *
 *   npx tsx bench/overload-probe.ts [--targets fastify,grpc] [--levels 16,1000] [--seconds 15] [--grpc-streams 100] [--honor-retry-after] [-- <serve flags>]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import * as grpc from '@grpc/grpc-js';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { createServingClients, unaryCall, type ServingClients } from '../servers/grpc/serving-clients.ts';
import { percentile } from './closed-loop.ts';
import { MODEL_NAME } from '../servers/model/architecture.ts';

const BIN = fileURLToPath(new URL('../bin/servebench.js', import.meta.url));
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

type Outcome = 'ok' | 'refused' | 'error';

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startServer(target: string, flags: string[]): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', target, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`servebench serve ${target} exited (${code}): ${out}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function procSample(pid: number): { rssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssMb: rssKb / 1024, cpuMs: (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS };
}

/** One call per invocation, classified. */
type Caller = () => Promise<Outcome>;

function restCallers(url: string, count: number): { callers: Caller[]; close(): Promise<void> } {
  const body = JSON.stringify({ instances: [nestedImage(syntheticImages(1)[0].pixels)] });
  const pool = new Pool(url, { connections: count, pipelining: 1, keepAliveTimeout: 60_000 });
  const call: Caller = async () => {
    const res = await pool.request({ path: `/v1/models/${MODEL_NAME}:predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body.arrayBuffer();
    return res.statusCode === 200 ? 'ok' : res.statusCode === 503 ? 'refused' : 'error';
  };
  return { callers: Array.from({ length: count }, () => call), close: () => pool.close() };
}

function grpcCallers(url: string, count: number, perChannel: number): { callers: Caller[]; close(): Promise<void> } {
  const pixels = toFloat32Batch(syntheticImages(1).map((i) => i.pixels));
  const request = {
    model_spec: { name: MODEL_NAME },
    inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [1, 32, 32, 3].map((size) => ({ size })) }, tensor_content: Buffer.from(pixels.buffer) } },
  };
  const channels: ServingClients[] = Array.from({ length: Math.ceil(count / perChannel) }, () =>
    createServingClients(url, 1 << 20, { 'grpc.use_local_subchannel_pool': 1 }),
  );
  const callers = Array.from({ length: count }, (_, i): Caller => {
    const client = channels[Math.floor(i / perChannel)].prediction;
    return () =>
      unaryCall(client, 'Predict', request).then(
        (): Outcome => 'ok',
        (err: grpc.ServiceError): Outcome => (err.code === grpc.status.UNAVAILABLE ? 'refused' : 'error'),
      );
  });
  return { callers, close: async () => channels.forEach((c) => c.close()) };
}

interface Row {
  target: string;
  callers: number;
  acceptedRps: number;
  refusedShare: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  serverCpu: number;
  clientCpu: number;
}

async function measure(target: string, server: Server, count: number, seconds: number, grpcStreams: number, honorRetryAfter: boolean): Promise<Row> {
  const { callers, close } = target === 'grpc' ? grpcCallers(server.url, count, grpcStreams) : restCallers(server.url, count);
  // Warm up: every connection opened, JIT warm.
  await Promise.all(callers.map((c) => c().catch(() => 'error')));
  const latencies: number[] = [];
  const counts: Record<Outcome, number> = { ok: 0, refused: 0, error: 0 };
  let peakRssMb = 0;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, procSample(server.pid).rssMb)), 200);
  const cpu0 = procSample(server.pid).cpuMs;
  const client0 = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    callers.map(async (call) => {
      while (performance.now() < until) {
        const t = performance.now();
        const outcome = await call().catch((): Outcome => 'error');
        counts[outcome]++;
        if (outcome === 'ok') latencies.push(performance.now() - t);
        else if (outcome === 'refused' && honorRetryAfter) await new Promise((r) => setTimeout(r, Math.min(1000, until - performance.now())));
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  clearInterval(sampler);
  const clientUsage = process.cpuUsage(client0);
  const serverCpuMs = procSample(server.pid).cpuMs - cpu0;
  await close();
  latencies.sort((a, b) => a - b);
  const total = counts.ok + counts.refused + counts.error;
  return {
    target,
    callers: count,
    acceptedRps: counts.ok / (elapsedMs / 1000),
    refusedShare: total ? counts.refused / total : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: counts.error,
    peakRssMb,
    serverCpu: serverCpuMs / elapsedMs,
    clientCpu: (clientUsage.user + clientUsage.system) / 1000 / elapsedMs,
  };
}

function table(rows: Row[]): string {
  const head = '| target | callers | accepted req/s | refused | p50 accepted (ms) | p99 accepted (ms) | other errors | peak RSS (MB) | server CPU (cores) | probe CPU (cores) |';
  const lines = rows.map(
    (r) =>
      `| ${r.target} | ${r.callers} | ${r.acceptedRps.toFixed(0)} | ${(r.refusedShare * 100).toFixed(1)} % | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.peakRssMb.toFixed(0)} | ${r.serverCpu.toFixed(2)} | ${r.clientCpu.toFixed(2)} |`,
  );
  return [head, `|${' --- |'.repeat(10)}`, ...lines].join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { targets: { type: 'string', default: 'fastify,grpc' }, levels: { type: 'string', default: '16,1000' }, seconds: { type: 'string', default: '15' }, 'grpc-streams': { type: 'string', default: '100' }, 'honor-retry-after': { type: 'boolean', default: false } },
  });
  const levels = values.levels.split(',').map(Number);
  const rows: Row[] = [];
  for (const target of values.targets.split(',')) {
    const server = await startServer(target, positionals);
    try {
      for (const level of levels) {
        const row = await measure(target, server, level, Number(values.seconds), Number(values['grpc-streams']), values['honor-retry-after']);
        rows.push(row);
        process.stderr.write(`${target} x${level}: ${row.acceptedRps.toFixed(0)} accepted/s, ${(row.refusedShare * 100).toFixed(1)} % refused\n`);
      }
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(`${table(rows)}\n\nserve flags: ${positionals.join(' ') || '(defaults)'}; ${values.seconds} s per level; gRPC: ${values['grpc-streams']} calls per connection; refused callers ${values['honor-retry-after'] ? 'wait the 1 s Retry-After' : 'retry at once'}; Node ${process.version}\n`);
}

await main();
