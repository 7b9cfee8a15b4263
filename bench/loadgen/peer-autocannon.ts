/** bench:loadgen peer: autocannon (its own raw HTTP/1.1 client), 8 connections. Args: url bodyFile seconds connections */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { cpuMsSince, report } from './peer-report.ts';

const [url, bodyFile, seconds, conns] = process.argv.slice(2);
const cpu = process.cpuUsage();
const start = performance.now();
const result = await autocannon({
  url,
  method: 'POST',
  body: readFileSync(bodyFile, 'utf8'),
  headers: { 'content-type': 'application/json' },
  connections: Number(conns),
  duration: Number(seconds),
});
const cpuMs = cpuMsSince(cpu);
const lat = result.latency as unknown as Record<string, number>;
report({ requests: result.requests.total, errors: result.errors + result.non2xx, cpuMs, elapsedMs: performance.now() - start, p50: lat.p50, p99: lat.p99 });
