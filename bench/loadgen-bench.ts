/**
 * bench:loadgen — what the built-in load engine costs, beside peers measured in the same run
 * on the same requests: requests per load-generator CPU-second and client p50/p99 against the
 * `null` target (REST, one-image JSON body) and the `grpc` target (tensor_content), for
 * blocking and async scripts; autocannon and a bare undici loop (REST), a bare grpc-js loop
 * (gRPC). Also the engine's memory per VU and an arrival-rate run's scheduling accuracy.
 * Usage: tsx bench/loadgen-bench.ts [--seconds 8] [--vus 8] [--rounds 1]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { MODEL_NAME } from '../servers/model/architecture.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { syntheticImage } from '../servers/data/synthetic-images.ts';
import { freePort } from '../runner/runtimes/free-port.ts';
import type { PeerReport } from './loadgen/peer-report.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/servebench.js');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, vus: { type: 'string', default: '8' }, rounds: { type: 'string', default: '1' } } });
const SECONDS = Number(values.seconds);
const VUS = Number(values.vus);
const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));

async function serve(target: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', target, '--port', String(port)], { stdio: 'ignore' });
  const url = target === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if (target === 'grpc') {
        await run('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
        break;
      }
      const res = await fetch(`${url}/v1/models/${MODEL_NAME}`);
      if (res.ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${target} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child };
}

/** One client's figures: a peer's report, or the engine's read from its summary and stats. */
type Row = PeerReport & { name: string };

async function peer(name: string, script: string, args: string[]): Promise<Row> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/loadgen', script), ...args], { maxBuffer: 16 << 20 });
  const r = JSON.parse(stdout.trim().split('\n').pop() as string) as PeerReport;
  return { name, ...r };
}

async function engine(name: string, script: string, env: Record<string, string>, extra: string[] = []): Promise<Row & { rssBytes: number; stats: Record<string, unknown> }> {
  const exportPath = join(dir, `${name.replace(/\W+/g, '-')}.json`);
  const statsPath = `${exportPath}.stats.json`;
  await run(process.execPath, [CLI, 'load', '--quiet', '--no-summary', '--summary-trend-stats', 'med,p(99),count', '--summary-export', exportPath, '--engine-stats', statsPath, ...extra, join(ROOT, 'bench/loadgen', script)], {
    env: { ...process.env, ...env },
    maxBuffer: 16 << 20,
  });
  const summary = JSON.parse(readFileSync(exportPath, 'utf8')) as { metrics: Record<string, Record<string, number>> };
  const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as { cpuUserMs: number; cpuSystemMs: number; testRunDurationMs: number; rssBytes: number };
  const latency = summary.metrics.http_req_duration ?? summary.metrics.grpc_req_duration ?? {};
  const failed = summary.metrics.http_req_failed?.passes ?? 0;
  return { name, requests: latency.count ?? 0, errors: failed, cpuMs: stats.cpuUserMs + stats.cpuSystemMs, elapsedMs: stats.testRunDurationMs, p50: latency.med, p99: latency['p(99)'], rssBytes: stats.rssBytes, stats };
}

const perCpuSecond = (r: Row) => r.requests / (r.cpuMs / 1000);
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

function table(rows: Row[], peerName: string): void {
  const base = rows.find((r) => r.name === peerName);
  console.log('| client | requests | req/s | client CPU s | req per CPU-s | vs ' + peerName + ' | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = base ? perCpuSecond(r) / perCpuSecond(base) : NaN;
    console.log(`| ${r.name} | ${r.requests} | ${f(r.requests / (r.elapsedMs / 1000), 0)} | ${f(r.cpuMs / 1000)} | ${f(perCpuSecond(r), 0)} | ${f(ratio)}x | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${r.errors} |`);
  }
}

async function main(): Promise<void> {
  const bodyFile = join(dir, 'body.json');
  const tensorFile = join(dir, 'tensor.b64');
  writeFileSync(bodyFile, JSON.stringify({ instances: [nestedImage(syntheticImage(0).pixels)] }));
  writeFileSync(tensorFile, Buffer.from(toFloat32Batch([syntheticImage(0).pixels]).buffer).toString('base64'));
  const nul = await serve('null');
  const grpc = await serve('grpc');
  const predict = `${nul.url}/v1/models/${MODEL_NAME}:predict`;
  const common = { URL: predict, BODY_FILE: bodyFile, TENSOR_FILE: tensorFile, GRPC_ADDR: grpc.url, PROTO_DIR: join(ROOT, 'servers/protos') };
  const flags = ['--vus', String(VUS), '--duration', `${SECONDS}s`];
  console.log(`bench:loadgen  ${new Date().toISOString()}  ${VUS} VUs/connections, ${SECONDS}s per client, targets in their own processes on the same cores`);
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      console.log(`\n### Round ${round}: REST against null (one-image JSON body, each answer parsed)\n`);
      const rest: Row[] = [];
      rest.push(await peer('autocannon', 'peer-autocannon.ts', [predict, bodyFile, String(SECONDS), String(VUS)]));
      rest.push(await peer('bare undici loop', 'peer-undici.ts', [predict, bodyFile, String(SECONDS), String(VUS)]));
      rest.push(await engine('engine, async script', 'rest-async.js', common, flags));
      rest.push(await engine('engine, blocking script', 'rest-blocking.js', common, flags));
      table(rest, 'autocannon');
      console.log(`\n### Round ${round}: gRPC against grpc (tensor_content; the target runs the model)\n`);
      const g: Row[] = [];
      g.push(await peer('bare grpc-js loop', 'peer-grpc.ts', [grpc.url, tensorFile, String(SECONDS), String(VUS)]));
      g.push(await engine('engine, async script', 'grpc-async.js', common, flags));
      g.push(await engine('engine, blocking script', 'grpc-blocking.js', common, flags));
      table(g, 'bare grpc-js loop');
    }
    console.log('\n### Engine memory per VU (RSS at the end of a 3 s idle run)\n');
    console.log('| mode | 8 VUs MB | 64 VUs MB | per extra VU MB |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [mode, exec] of [['thread (blocking)', 'blocking'], ['shared (async)', 'asyncIdle']] as const) {
      const [a, b] = [await engine(`idle8-${exec}`, 'idle.js', { VUS: '8', EXEC: exec }), await engine(`idle64-${exec}`, 'idle.js', { VUS: '64', EXEC: exec })];
      const mb = (x: number) => x / 2 ** 20;
      console.log(`| ${mode} | ${f(mb(a.rssBytes), 0)} | ${f(mb(b.rssBytes), 0)} | ${f((mb(b.rssBytes) - mb(a.rssBytes)) / 56)} |`);
    }
    console.log('\n### Arrival-rate scheduling (constant-arrival-rate, async requests to null, 5 s)\n');
    console.log('| rate/s | iterations started | achieved /s | dropped | late > 1 ms | max late ms | mean late ms |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const rate of [200, 1000]) {
      const r = await engine(`arrival-${rate}`, 'arrival.js', { ...common, RATE: String(rate) });
      const s = r.stats.scheduling as { ticks: number; lateOver1ms: number; lateMsMax: number; lateMsSum: number };
      const summary = JSON.parse(readFileSync(join(dir, `arrival-${rate}.json`), 'utf8')) as { metrics: Record<string, Record<string, number>> };
      const dropped = summary.metrics.dropped_iterations?.count ?? 0;
      console.log(`| ${rate} | ${s.ticks - dropped} | ${f((s.ticks - dropped) / 5, 1)} | ${dropped} | ${s.lateOver1ms} | ${f(s.lateMsMax, 2)} | ${f(s.lateMsSum / Math.max(1, s.ticks), 3)} |`);
    }
  } finally {
    nul.child.kill();
    grpc.child.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
