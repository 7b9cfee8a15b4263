/**
 * bench:overload — fastify and grpc past their capacity, as TF Serving is expected to hold:
 * capacity measured first (closed loop), then open-model arrivals at 1x, 2x and 5x it for
 * --seconds each, then a soak at capacity. Per run: accepted req/s, share refused (503 /
 * UNAVAILABLE), p50/p99 of the accepted, the target's peak RSS, the load engine's CPU share,
 * crashes; for the soak, RSS growth first minute vs last. Usage:
 *   tsx bench/overload-bench.ts [--seconds 60] [--soak-seconds 600] [--targets fastify,grpc]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { MODEL_NAME } from '../servers/model/architecture.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { syntheticImage } from '../servers/data/synthetic-images.ts';
import { treeUsage } from '../runner/resources/proc-tree.ts';
import { freePort } from '../runner/runtimes/free-port.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/servebench.js');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, 'soak-seconds': { type: 'string', default: '600' }, targets: { type: 'string', default: 'fastify,grpc' } } });
const dir = mkdtempSync(join(tmpdir(), 'bench-overload-'));

interface Served {
  url: string;
  child: ChildProcess;
  exited: boolean;
}

async function serve(target: string): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', target, '--port', String(port)], { stdio: 'ignore' });
  const s: Served = { url: target === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`, child, exited: false };
  child.once('exit', () => (s.exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if (target === 'grpc') await run('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
      else if (!(await fetch(`${s.url}/v1/models/${MODEL_NAME}`)).ok) throw new Error('not ready');
      return s;
    } catch {
      if (Date.now() > deadline) throw new Error(`${target} did not become ready`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

interface Measured {
  accepted: number;
  refused: number;
  other: number;
  seconds: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  rssMb: number[];
  engineCpuShare: number;
  dropped: number;
}

async function load(target: string, s: Served, env: Record<string, string>, seconds: number): Promise<Measured> {
  const name = `${target}-${env.RATE ?? `vus${env.CAPACITY_VUS}`}-${seconds}`;
  const exportPath = join(dir, `${name}.json`);
  const statsPath = join(dir, `${name}.stats.json`);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(treeUsage([s.child.pid as number]).rssBytes / 2 ** 20), 1000);
  const script = join(ROOT, 'bench/overload', target === 'grpc' ? 'grpc-arrival.js' : 'rest-arrival.js');
  try {
    await run(process.execPath, [CLI, 'load', '--quiet', '--no-summary', '--summary-export', exportPath, '--engine-stats', statsPath, script], {
      env: { ...process.env, ...env, DURATION: `${seconds}s` },
      maxBuffer: 64 << 20,
    });
  } finally {
    clearInterval(sampler);
  }
  const m = (JSON.parse(readFileSync(exportPath, 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
  const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as { cpuUserMs: number; cpuSystemMs: number; testRunDurationMs: number };
  const ok = target === 'grpc' ? m['grpc_req_duration{status:0}'] : m['http_req_duration{status:200}'];
  const all = target === 'grpc' ? m.grpc_req_duration : m.http_req_duration;
  const refused = (target === 'grpc' ? m['grpc_req_duration{status:14}']?.count : m['http_reqs{status:503}']?.count) ?? 0;
  const accepted = ok?.count ?? 0;
  return {
    accepted,
    refused,
    other: (all?.count ?? 0) - accepted - refused,
    seconds,
    p50: ok?.med ?? NaN,
    p99: ok?.['p(99)'] ?? NaN,
    peakRssMb: Math.max(...rss),
    rssMb: rss,
    engineCpuShare: (stats.cpuUserMs + stats.cpuSystemMs) / stats.testRunDurationMs,
    dropped: m.dropped_iterations?.count ?? 0,
  };
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const bodyFile = join(dir, 'body.json');
  const tensorFile = join(dir, 'tensor.b64');
  writeFileSync(bodyFile, JSON.stringify({ instances: [nestedImage(syntheticImage(0).pixels)] }));
  writeFileSync(tensorFile, Buffer.from(toFloat32Batch([syntheticImage(0).pixels]).buffer).toString('base64'));
  const seconds = Number(values.seconds);
  console.log(`bench:overload  ${new Date().toISOString()}  ${seconds}s per load level, soak ${values['soak-seconds']}s; targets and the load engine share the machine's cores`);
  for (const target of (values.targets as string).split(',')) {
    const s = await serve(target);
    const env = { URL: `${s.url}/v1/models/cifar10:predict`, GRPC_ADDR: s.url, BODY_FILE: bodyFile, TENSOR_FILE: tensorFile, PROTO_DIR: join(ROOT, 'servers/protos') };
    try {
      const cap = await load(target, s, { ...env, CAPACITY_VUS: '16' }, 15);
      const capacity = Math.round(cap.accepted / cap.seconds);
      console.log(`\n### ${target}: capacity ${capacity} req/s (16 VUs, closed loop, p99 ${f(cap.p99, 2)} ms)\n`);
      console.log('| offered | offered req/s | accepted req/s | vs capacity | refused | other errors | dropped by the engine | p50 ms (accepted) | p99 ms (accepted) | p99 vs capacity run | peak RSS MB | engine CPU (cores) | crashed |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
      let baseP99 = NaN;
      for (const x of [1, 2, 5]) {
        const rate = capacity * x;
        const r = await load(target, s, { ...env, RATE: String(rate) }, seconds);
        if (x === 1) baseP99 = r.p99;
        const total = r.accepted + r.refused + r.other;
        console.log(`| ${x}x | ${rate} | ${f(r.accepted / r.seconds)} | ${f(r.accepted / r.seconds / capacity, 2)}x | ${f((100 * r.refused) / Math.max(1, total))}% | ${r.other} | ${r.dropped} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.p99 / baseP99, 2)}x | ${f(r.peakRssMb, 0)} | ${f(r.engineCpuShare, 2)} | ${s.exited ? 'yes' : 'no'} |`);
      }
      const soak = Number(values['soak-seconds']);
      if (soak > 0) {
        const r = await load(target, s, { ...env, RATE: String(capacity) }, soak);
        const minute = Math.min(60, Math.floor(r.rssMb.length / 3));
        const first = meanOf(r.rssMb.slice(0, minute));
        const last = meanOf(r.rssMb.slice(-minute));
        console.log(`\nsoak ${soak}s at ${capacity} req/s: accepted ${f(r.accepted / r.seconds)} req/s, refused ${r.refused}, p99 ${f(r.p99, 2)} ms, RSS first ${minute}s ${f(first, 0)} MB -> last ${minute}s ${f(last, 0)} MB (${f((100 * (last - first)) / first, 1)}%), crashed: ${s.exited ? 'yes' : 'no'}`);
      }
    } finally {
      s.child.kill('SIGTERM');
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
