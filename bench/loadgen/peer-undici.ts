/** bench:loadgen peer: a bare undici `request` loop (8 concurrent), each answer parsed. Args: url bodyFile seconds connections */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { percentile } from '../closed-loop.ts';
import { cpuMsSince, report } from './peer-report.ts';

const [url, bodyFile, seconds, conns] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');
const dispatcher = new Agent({ connections: Number(conns) });
const latencies: number[] = [];
let errors = 0;
const cpu = process.cpuUsage();
const start = performance.now();
const until = start + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(conns) }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
      JSON.parse(await res.body.text());
      if (res.statusCode === 200) latencies.push(performance.now() - t);
      else errors++;
    }
  }),
);
const elapsedMs = performance.now() - start;
const cpuMs = cpuMsSince(cpu);
latencies.sort((a, b) => a - b);
report({ requests: latencies.length + errors, errors, cpuMs, elapsedMs, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
await dispatcher.close();
