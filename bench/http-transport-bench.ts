/**
 * HTTP client micro-benchmark: requests per client-CPU-second for loadgen's transport vs a bare
 * undici `request` loop vs node:http.request (keep-alive agent). The trivial server runs in a child
 * process so process.cpuUsage() here is the client's alone. Each client runs `--loops` concurrent
 * request loops (default 8) for `--seconds` (default 5) after a 1 s warm-up, POSTing a ~10 KB JSON
 * body and reading a small JSON response.
 * `npx tsx bench/http-transport-bench.ts [--loops 8] [--seconds 5] [--rounds 1]`
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Agent, request as undiciRequest } from 'undici';
import { createHttpTransport } from '../loadgen/http/http-transport.ts';

const SERVER = `
const http = require('node:http');
const reply = JSON.stringify({ ok: true, label: 7, score: 0.93 });
const server = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c) => { n += c.length; });
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length }); res.end(reply); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const BODY = JSON.stringify({ instances: Array.from({ length: 1400 }, (_, i) => Math.round(Math.sin(i) * 1e4) / 1e4) });
const HEADERS = { 'content-type': 'application/json' };

type OneRequest = () => Promise<void>;

interface Client {
  name: string;
  make(url: string, loops: number): { one: OneRequest; close(): Promise<void> | void };
}

const clients: Client[] = [
  {
    name: 'loadgen transport',
    make(url) {
      const t = createHttpTransport();
      const spec = { method: 'POST', url, headers: HEADERS, body: BODY, timeoutMs: 60_000, responseType: 'text' as const };
      return {
        one: async () => {
          const r = await t.request(spec);
          if (r.status !== 200) throw new Error(`status ${r.status}: ${r.error}`);
        },
        close: () => t.close(),
      };
    },
  },
  {
    name: 'undici request',
    make(url, loops) {
      const dispatcher = new Agent({ connections: loops });
      return {
        one: async () => {
          const r = await undiciRequest(url, { method: 'POST', headers: HEADERS, body: BODY, dispatcher });
          await r.body.text();
          if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
        },
        close: () => dispatcher.close(),
      };
    },
  },
  {
    name: 'node:http request',
    make(url, loops) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: loops });
      const one = () =>
        new Promise<void>((resolve, reject) => {
          const req = http.request(url, { method: 'POST', headers: { ...HEADERS, 'content-length': Buffer.byteLength(BODY) }, agent }, (res) => {
            res.setEncoding('utf8');
            let text = '';
            res.on('data', (c: string) => (text += c));
            res.on('end', () => (res.statusCode === 200 && text.length > 0 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
          });
          req.on('error', reject);
          req.end(BODY);
        });
      return { one, close: () => agent.destroy() };
    },
  },
];

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/predict`, child };
}

async function drive(one: OneRequest, loops: number, ms: number): Promise<number> {
  let count = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < until) {
        await one();
        count++;
      }
    }),
  );
  return count;
}

export interface BenchRow {
  client: string;
  requests: number;
  reqPerSec: number;
  reqPerCpuSec: number;
}

async function measure(client: Client, url: string, loops: number, seconds: number): Promise<BenchRow> {
  const c = client.make(url, loops);
  await drive(c.one, loops, 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const requests = await drive(c.one, loops, seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await c.close();
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return { client: client.name, requests, reqPerSec: requests / wall, reqPerCpuSec: requests / cpuSec };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { loops: { type: 'string', default: '8' }, seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '1' } } });
  const loops = Number(values.loops);
  const seconds = Number(values.seconds);
  const { url, child } = await startServer();
  try {
    console.log(`${loops} loops x ${seconds} s, POST ${BODY.length} B JSON → small JSON, server in child pid ${child.pid}\n`);
    console.log('| client | requests | req/s | req/client-CPU-s |');
    console.log('|---|---:|---:|---:|');
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const client of clients) {
        const r = await measure(client, url, loops, seconds);
        console.log(`| ${r.client} | ${r.requests} | ${r.reqPerSec.toFixed(0)} | ${r.reqPerCpuSec.toFixed(0)} |`);
      }
    }
  } finally {
    child.kill();
  }
}

await main();
