/**
 * How much of the machine does k6 itself take? (the harness's own overhead)
 *  1. null target, REST JSON body: requests k6 sustains per second of its own CPU (req/s per core);
 *  2. gRPC tensor_content body, the same figure (our grpc target has no null mode, so it runs the
 *     real model: the k6 side is still what is measured);
 *  3. fastify target at 8 VUs: k6's CPU per request next to the target's CPU per request.
 * CPU is utime+stime from /proc/<pid>/stat, read over the window where requests were flowing
 * (k6's live `iterations` count from its REST API). Targets run in this process.
 * Usage: tsx bench/k6-overhead-bench.ts [--seconds 8] [--vus 8]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from '../build/bundle.ts';
import { k6Path } from '../scripts/k6-path.ts';
import { startK6 } from '../runner/k6/k6-process.ts';
import { liveCount } from '../runner/k6/k6-live.ts';
import { treeUsage } from '../runner/resources/proc-tree.ts';
import { startUnderTest } from '../test/helpers/targets.ts';
import { addressEnv } from '../test/k6/helpers/run-k6.ts';

interface Sample {
  t: number;
  count: number;
  k6Cpu: number;
  targetCpu: number;
}

interface Figures {
  label: string;
  requests: number;
  seconds: number;
  reqPerSecond: number;
  k6ReqPerCoreSecond: number;
  k6CpuMsPerRequest: number;
  targetCpuMsPerRequest: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The steady window: from 1 s after the first request to the last sample whose count still rose. */
function steadyWindow(samples: Sample[]): [Sample, Sample] {
  const flowing = samples.filter((s) => s.count > 0);
  if (flowing.length < 3) throw new Error('k6 reported too few samples with requests; is the target answering?');
  const start = flowing.find((s) => s.t >= flowing[0].t + 1000) ?? flowing[0];
  let end = flowing[flowing.length - 1];
  for (let i = flowing.length - 1; i > 0 && flowing[i].count === flowing[i - 1].count; i--) end = flowing[i - 1];
  return [start, end];
}

async function measure(label: string, spec: string, entry: string, env: Record<string, string>, seconds: number): Promise<Figures> {
  const target = await startUnderTest(spec);
  const dir = await mkdtemp(join(tmpdir(), 'k6-overhead-'));
  try {
        const k6 = await startK6({
      k6: k6Path(),
      script: entry,
      env: { PROFILE: 'smoke', WARMUP: '0', DURATION: `${seconds}s`, POOL: '16', ...addressEnv(target.url), ...env },
      exportPath: join(dir, 'export.json'),
      logPath: join(dir, 'k6.log'),
      warn: (m) => console.error(m),
    });
    const samples: Sample[] = [];
    let finished = false;
    const done = k6.done.then((r) => {
      finished = true;
      return r;
    });
    while (!finished) {
      const count = await liveCount(k6.api, 'iterations');
      if (count !== undefined && !finished && k6.pid !== undefined) {
        samples.push({ t: Date.now(), count, k6Cpu: treeUsage([k6.pid]).cpuSeconds, targetCpu: treeUsage([process.pid]).cpuSeconds });
      }
      await sleep(250);
    }
    const { code } = await done;
    if (code !== 0) throw new Error(`${label}: k6 exited ${code}\n${k6.logTail(30)}`);
    const [a, b] = steadyWindow(samples);
    const requests = b.count - a.count;
    const secs = (b.t - a.t) / 1000;
    const k6Cpu = b.k6Cpu - a.k6Cpu;
    return {
      label,
      requests,
      seconds: secs,
      reqPerSecond: requests / secs,
      k6ReqPerCoreSecond: requests / k6Cpu,
      k6CpuMsPerRequest: (k6Cpu * 1000) / requests,
      targetCpuMsPerRequest: ((b.targetCpu - a.targetCpu) * 1000) / requests,
    };
  } finally {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const f = (v: number, d = 2) => v.toFixed(d);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, vus: { type: 'string', default: '8' } } });
  const seconds = Number(values.seconds);
  const vus = values.vus as string;
  await bundle();
  const dist = (name: string) => join(import.meta.dirname, '..', 'dist', `${name}.js`);
  const rows = [
    await measure('null target, REST JSON body', 'null', dist('null-rest'), { VUS: vus }, seconds),
    await measure('grpc target (real model), gRPC tensor_content', 'grpc', dist('grpc'), { VUS: vus }, seconds),
    await measure(`fastify target, REST, ${vus} VUs`, 'fastify', dist('fastify-rest'), { VUS: vus }, seconds),
  ];
  console.log(`\nk6 overhead (${vus} VUs, ${seconds} s each, k6 and target sharing this machine's cores)\n`);
  console.log('| run | requests | req/s | k6 req per k6 CPU-second | k6 CPU ms/req | target CPU ms/req | k6 / target CPU |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.requests} | ${f(r.reqPerSecond, 0)} | ${f(r.k6ReqPerCoreSecond, 0)} | ${f(r.k6CpuMsPerRequest, 3)} | ` +
        `${f(r.targetCpuMsPerRequest, 3)} | ${f(r.k6CpuMsPerRequest / r.targetCpuMsPerRequest)} |`,
    );
  }
  const fastify = rows[2];
  console.log(
    `\nfastify at ${vus} VUs: k6 spends ${f(fastify.k6CpuMsPerRequest, 3)} ms CPU per request, the target ${f(fastify.targetCpuMsPerRequest, 3)} ms ` +
      `(ratio ${f(fastify.k6CpuMsPerRequest / fastify.targetCpuMsPerRequest)}).`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
